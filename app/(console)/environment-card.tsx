import type { ReactNode } from "react";
import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/trpc/root";

type Environment = inferRouterOutputs<AppRouter>["environment"]["list"][number];

function since(date: Date | null): string {
  if (!date) return "never";
  const s = Math.max(0, Math.round((Date.now() - new Date(date).getTime()) / 1000));
  return s < 60 ? `${s} s ago` : s < 3600 ? `${Math.round(s / 60)} min ago` : new Date(date).toLocaleString();
}

export function EnvironmentCard({ environment, actions }: { environment: Environment; actions?: ReactNode }) {
  const up = environment.status === "up";
  const counts = environment.counts;
  return (
    <article
      data-testid={`environment-${environment.name}`}
      className="rounded-xl border border-slate-200 bg-white p-5 shadow-sm"
    >
      <header className="flex items-center justify-between gap-3">
        <h2 className="truncate text-base font-semibold">{environment.name}</h2>
        <span className="flex items-center gap-1.5 text-sm font-medium" data-testid="environment-status">
          <span className={`inline-block h-2.5 w-2.5 rounded-full ${up ? "bg-emerald-500" : "bg-red-500"}`} aria-hidden />
          <span className={up ? "text-emerald-700" : "text-red-700"}>{up ? "Up" : "Down"}</span>
        </span>
      </header>
      <p className="mt-1 truncate font-mono text-xs text-slate-500" title={environment.url}>
        {environment.url}
      </p>
      <dl className="mt-4 grid grid-cols-2 gap-x-4 gap-y-2 text-sm">
        <dt className="text-slate-500">Type</dt>
        <dd className="capitalize">{environment.kind === "tls" ? "TCP + TLS" : environment.kind}</dd>
        {environment.engine ? (
          <>
            <dt className="text-slate-500">Engine</dt>
            <dd data-testid="environment-engine">
              {environment.engine.name} {environment.engine.version}
            </dd>
            <dt className="text-slate-500">API version</dt>
            <dd>{environment.engine.apiVersion}</dd>
            <dt className="text-slate-500">Platform</dt>
            <dd>
              {environment.engine.os}/{environment.engine.arch}
            </dd>
            {counts && counts.containers !== null ? (
              <>
                <dt className="text-slate-500">Containers</dt>
                <dd data-testid="environment-counts">
                  {counts.containers} ({counts.running ?? 0} running, {counts.stopped ?? 0} stopped)
                </dd>
                <dt className="text-slate-500">Images</dt>
                <dd>{counts.images}</dd>
              </>
            ) : null}
          </>
        ) : (
          <>
            <dt className="text-slate-500">Problem</dt>
            <dd className="text-red-700" data-testid="environment-error">
              {environment.error}
            </dd>
          </>
        )}
        {environment.sshHostKeySha256 ? (
          <>
            <dt className="text-slate-500">Host key</dt>
            <dd className="truncate font-mono text-xs" title={`SHA256:${environment.sshHostKeySha256}`}>
              SHA256:{environment.sshHostKeySha256}
            </dd>
          </>
        ) : null}
        <dt className="text-slate-500">Last seen</dt>
        <dd data-testid="environment-last-seen">{up ? "now" : since(environment.lastSeenAt)}</dd>
      </dl>
      {actions ? <footer className="mt-4 flex gap-2 border-t border-slate-100 pt-3">{actions}</footer> : null}
    </article>
  );
}
