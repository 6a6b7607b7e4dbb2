// The signed-in console: dark sidebar, top bar with the user and Sign out. Sends visitors to /setup on a
// fresh install and to /login without a session.
import type { ReactNode } from "react";
import Link from "next/link";
import { redirect } from "next/navigation";
import { getSessionAccess, getSessionUser, isSetupNeeded } from "@/server/auth/page-guards";
import { settingsNavFor } from "./settings/settings-nav";
import { signOutAction } from "./actions";

export const dynamic = "force-dynamic";

export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  if (await isSetupNeeded()) redirect("/setup");
  const user = await getSessionUser();
  if (!user) redirect("/login");
  const access = await getSessionAccess();

  return (
    <div className="flex min-h-screen">
      <aside className="flex w-56 shrink-0 flex-col bg-slate-900 text-slate-300">
        <div className="flex h-14 items-center gap-2 px-5 text-white">
          <span className="inline-block h-6 w-6 rounded-md bg-sky-500" aria-hidden />
          <span className="text-lg font-semibold tracking-tight">Wharf</span>
        </div>
        <nav className="mt-4 space-y-1 px-3 text-sm">
          <Link href="/" className="block rounded-md bg-slate-800 px-3 py-2 font-medium text-white">
            Dashboard
          </Link>
          {/* Only what the user may do is shown (issue 9); the server refuses the rest regardless. */}
          {settingsNavFor(access).map((item) => (
            <Link key={item.href} href={item.href} className="block rounded-md px-3 py-2 hover:bg-slate-800 hover:text-white">
              {item.label}
            </Link>
          ))}
          <Link href="/environments" className="block rounded-md px-3 py-2 font-medium hover:bg-slate-800 hover:text-white">
            Environments
          </Link>
          <Link href="/containers" className="block rounded-md px-3 py-2 font-medium hover:bg-slate-800 hover:text-white">
            Containers
          </Link>
          <Link href="/images" className="block rounded-md px-3 py-2 font-medium hover:bg-slate-800 hover:text-white">
            Images
          </Link>
          <Link href="/volumes" className="block rounded-md px-3 py-2 font-medium hover:bg-slate-800 hover:text-white">
            Volumes
          </Link>
          <Link href="/networks" className="block rounded-md px-3 py-2 font-medium hover:bg-slate-800 hover:text-white">
            Networks
          </Link>
          <Link href="/topology" className="block rounded-md px-3 py-2 font-medium hover:bg-slate-800 hover:text-white">
            Topology
          </Link>
        </nav>
      </aside>
      <div className="flex min-w-0 flex-1 flex-col">
        <header className="flex h-14 items-center justify-end gap-4 border-b border-slate-200 bg-white px-6">
          <span className="text-sm text-slate-600">
            Signed in as <strong data-testid="signed-in-user" className="font-semibold text-slate-900">{user.username}</strong>
          </span>
          <form action={signOutAction}>
            <button type="submit" className="rounded-md border border-slate-300 px-3 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-50">
              Sign out
            </button>
          </form>
        </header>
        <main className="flex-1 p-6">{children}</main>
      </div>
    </div>
  );
}
