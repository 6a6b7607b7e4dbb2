"use client";
import { useState } from "react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "../../../../trpc-provider";
import { ConfirmDialog } from "../../../../components/confirm-dialog";
import { ErrorBanner } from "../../../../components/error-banner";
import { describeError } from "../../../../components/trpc-error";
import { inputClass } from "../../../../components/field";
import { StateBadge } from "../../state-badge";
import { LogsPanel } from "./logs-panel";
import { ConsolePanel } from "./console-panel";
import { StatsPanel } from "./stats-panel";
import { InspectSummary } from "./inspect-summary";

const ACTIONS = ["start", "stop", "restart", "kill", "pause", "unpause", "remove"] as const;
type Action = (typeof ACTIONS)[number];
const DESTRUCTIVE: readonly Action[] = ["stop", "restart", "kill", "remove"];
const TABS = ["Overview", "Logs", "Console", "Stats"] as const;

function enabled(action: Action, state: string): boolean {
  switch (action) {
    case "start":
      return state === "created" || state === "exited" || state === "dead";
    case "stop":
    case "restart":
    case "kill":
    case "pause":
      return state === "running";
    case "unpause":
      return state === "paused";
    case "remove":
      return true;
  }
}

export function ContainerView({ environmentId, containerId }: { environmentId: string; containerId: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [tab, setTab] = useState<(typeof TABS)[number]>("Overview");
  const [confirming, setConfirming] = useState<Action | null>(null);
  const [renaming, setRenaming] = useState<string | null>(null);
  const inspect = useQuery(trpc.container.inspect.queryOptions({ environmentId, containerId }, { refetchInterval: 3_000 }));
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.container.inspect.queryKey() });
  const act = useMutation(
    trpc.container.act.mutationOptions({
      onSuccess: (_r, input) => (input.action === "remove" ? router.push("/containers") : refresh()),
    }),
  );
  const rename = useMutation(trpc.container.rename.mutationOptions({ onSuccess: () => (setRenaming(null), refresh()) }));

  if (inspect.isPending) return <p className="text-sm text-slate-500">Loading…</p>;
  if (inspect.isError) {
    return (
      <div className="space-y-3">
        <ErrorBanner error={describeError(inspect.error)} />
        <Link href="/containers" className="text-sm text-sky-700 hover:underline">
          Back to containers
        </Link>
      </div>
    );
  }
  const c = inspect.data;
  const run = (action: Action) => act.mutate({ environmentId, containerId, action, force: action === "remove" });

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div>
          <p className="text-sm text-slate-500">
            <Link href="/containers" className="hover:underline">
              Containers
            </Link>{" "}
            / {c.environment.name}
          </p>
          {renaming === null ? (
            <h1 className="flex items-center gap-3 text-2xl font-semibold tracking-tight">
              <span data-testid="container-name">{c.name}</span> <StateBadge state={c.state} />
              <button type="button" onClick={() => setRenaming(c.name)} className="rounded-md border border-slate-300 px-2 py-0.5 text-xs font-normal">
                Rename
              </button>
            </h1>
          ) : (
            <form
              className="flex items-center gap-2"
              onSubmit={(e) => {
                e.preventDefault();
                rename.mutate({ environmentId, containerId, name: renaming });
              }}
            >
              <input aria-label="New name" value={renaming} onChange={(e) => setRenaming(e.target.value)} className={`${inputClass} w-64`} />
              <button type="submit" className="rounded-md bg-sky-600 px-3 py-1.5 text-sm text-white">
                Save name
              </button>
              <button type="button" onClick={() => setRenaming(null)} className="rounded-md border border-slate-300 px-3 py-1.5 text-sm">
                Cancel
              </button>
            </form>
          )}
        </div>
        <div className="flex flex-wrap gap-2">
          {ACTIONS.map((action) => (
            <button
              key={action}
              type="button"
              disabled={!enabled(action, c.state) || act.isPending}
              onClick={() => (DESTRUCTIVE.includes(action) ? setConfirming(action) : run(action))}
              className={`rounded-md border px-3 py-1.5 text-sm capitalize disabled:opacity-40 ${action === "remove" ? "border-red-300 text-red-700" : "border-slate-300"}`}
            >
              {action}
            </button>
          ))}
        </div>
      </div>
      <ErrorBanner error={act.error ? describeError(act.error) : rename.error ? describeError(rename.error) : null} />
      <nav className="flex gap-1 border-b border-slate-200" role="tablist">
        {TABS.map((t) => (
          <button
            key={t}
            role="tab"
            aria-selected={tab === t}
            type="button"
            onClick={() => setTab(t)}
            className={`-mb-px border-b-2 px-4 py-2 text-sm font-medium ${tab === t ? "border-sky-600 text-sky-700" : "border-transparent text-slate-600"}`}
          >
            {t}
          </button>
        ))}
      </nav>
      {tab === "Overview" ? <InspectSummary details={c} /> : null}
      {tab === "Logs" ? <LogsPanel environmentId={environmentId} containerId={containerId} name={c.name} /> : null}
      {tab === "Console" ? <ConsolePanel environmentId={environmentId} containerId={containerId} running={c.state === "running"} /> : null}
      {tab === "Stats" ? <StatsPanel environmentId={environmentId} containerId={containerId} running={c.state === "running"} /> : null}
      <ConfirmDialog
        open={confirming !== null}
        title={`${confirming ? confirming[0]!.toUpperCase() + confirming.slice(1) : ""} container "${c.name}"?`}
        confirmLabel={confirming ? confirming[0]!.toUpperCase() + confirming.slice(1) : ""}
        onCancel={() => setConfirming(null)}
        onConfirm={() => {
          if (confirming) run(confirming);
          setConfirming(null);
        }}
      >
        {confirming === "remove"
          ? "The container and its writable layer are deleted (a running container is killed first). This cannot be undone."
          : "Its processes are interrupted."}
      </ConfirmDialog>
    </div>
  );
}
