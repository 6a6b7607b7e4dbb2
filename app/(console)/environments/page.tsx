import Link from "next/link";
import { EnvironmentManager } from "./environment-manager";

export default function EnvironmentsPage() {
  return (
    <div className="space-y-4">
      <div className="flex items-end justify-between">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">Environments</h1>
          <p className="text-sm text-slate-500">Docker hosts: the local engine and remote daemons over TLS, SSH or a socket. Status refreshes every 5 s.</p>
        </div>
        <Link href="/environments/new" className="rounded-md bg-sky-600 px-3 py-2 text-sm font-medium text-white hover:bg-sky-700">
          Add environment
        </Link>
      </div>
      <EnvironmentManager />
    </div>
  );
}
