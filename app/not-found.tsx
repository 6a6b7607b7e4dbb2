import Link from "next/link";

export default function NotFound() {
  return (
    <main className="flex min-h-screen flex-col items-center justify-center gap-3">
      <p className="text-sm font-semibold text-sky-700">404</p>
      <h1 className="text-2xl font-semibold">Page not found</h1>
      <Link href="/" className="text-sm text-sky-700 hover:underline">
        Back to the dashboard
      </Link>
    </main>
  );
}
