import type { ReactNode } from "react";

/** The centred card used by the setup and sign-in pages. */
export function AuthCard({ title, subtitle, children }: { title: string; subtitle: string; children: ReactNode }) {
  return (
    <main className="flex min-h-screen items-center justify-center bg-slate-900 px-4">
      <div className="w-full max-w-sm">
        <div className="mb-6 flex items-center justify-center gap-2 text-white">
          <span className="inline-block h-7 w-7 rounded-md bg-sky-500" aria-hidden />
          <span className="text-xl font-semibold tracking-tight">Wharf</span>
        </div>
        <div className="rounded-xl bg-white p-6 shadow-xl">
          <h1 className="text-lg font-semibold">{title}</h1>
          <p className="mt-1 text-sm text-slate-500">{subtitle}</p>
          <div className="mt-5">{children}</div>
        </div>
      </div>
    </main>
  );
}
