import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/trpc/root";

type Environment = inferRouterOutputs<AppRouter>["environment"]["list"][number];

export function EnvironmentCard({ environment }: { environment: Environment }) {
  const up = environment.status === "up";
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
        <dd className="capitalize">{environment.kind}</dd>
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
          </>
        ) : (
          <>
            <dt className="text-slate-500">Problem</dt>
            <dd className="text-red-700">{environment.error}</dd>
          </>
        )}
      </dl>
    </article>
  );
}
