"use client";
// The cross-environment container list: filters and sorting are sent to the server, which returns one page.
import { Fragment, useMemo, useState } from "react";
import Link from "next/link";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "../../trpc-provider";
import { ConfirmDialog } from "../../components/confirm-dialog";
import { ErrorBanner } from "../../components/error-banner";
import { describeError } from "../../components/trpc-error";
import { inputClass } from "../../components/field";

/** Filter controls sit in one row: the form input look without its full width. */
const filterClass = inputClass.replace("block w-full ", "");
import { StateBadge } from "./state-badge";

const STATES = ["running", "paused", "restarting", "created", "exited", "dead"] as const;
const SORTS = ["name", "image", "state", "created", "environment"] as const;
const BULK = ["start", "stop", "restart", "kill", "pause", "unpause", "remove"] as const;
type Bulk = (typeof BULK)[number];
const DESTRUCTIVE: readonly Bulk[] = ["stop", "restart", "kill", "remove"];
const PAGE_SIZE = 25;

export function ContainerList({ initialEnvironmentId }: { initialEnvironmentId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [search, setSearch] = useState("");
  const [state, setState] = useState("");
  const [environmentId, setEnvironmentId] = useState(initialEnvironmentId);
  const [image, setImage] = useState("");
  const [label, setLabel] = useState("");
  const [sort, setSort] = useState<(typeof SORTS)[number]>("name");
  const [direction, setDirection] = useState<"asc" | "desc">("asc");
  const [groupByProject, setGroupByProject] = useState(false);
  const [page, setPage] = useState(1);
  const [selected, setSelected] = useState<Map<string, { environmentId: string; containerId: string; name: string }>>(new Map());
  const [confirming, setConfirming] = useState<Bulk | null>(null);

  const environments = useQuery(trpc.environment.list.queryOptions(undefined, { refetchInterval: 10_000 }));
  const query = {
    search,
    states: state ? [state as (typeof STATES)[number]] : [],
    environmentIds: environmentId ? [environmentId] : [],
    image,
    label,
    sort,
    direction,
    groupByProject,
    page,
    pageSize: PAGE_SIZE,
  };
  const list = useQuery(trpc.container.list.queryOptions(query, { refetchInterval: 3_000, placeholderData: keepPreviousData }));
  const bulk = useMutation(
    trpc.container.bulkAct.mutationOptions({
      onSuccess: () => setSelected(new Map()),
      onSettled: () => queryClient.invalidateQueries({ queryKey: trpc.container.list.queryKey() }),
    }),
  );

  const filter = (set: (v: string) => void) => (v: string) => {
    set(v);
    setPage(1);
  };
  const toggleSort = (field: (typeof SORTS)[number]) => {
    if (sort === field) setDirection(direction === "asc" ? "desc" : "asc");
    else {
      setSort(field);
      setDirection("asc");
    }
  };
  const runBulk = (action: Bulk) => bulk.mutate({ action, force: action === "remove", targets: [...selected.values()].map(({ environmentId, containerId }) => ({ environmentId, containerId })) });
  const items = list.data?.items ?? [];
  const bulkFailures = useMemo(() => bulk.data?.results.filter((r) => !r.ok) ?? [], [bulk.data]);

  const header = (field: (typeof SORTS)[number], text: string) => (
    <th className="px-3 py-2 text-left font-medium">
      <button type="button" onClick={() => toggleSort(field)} className="hover:underline">
        {text} {sort === field ? (direction === "asc" ? "▲" : "▼") : ""}
      </button>
    </th>
  );

  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-end gap-2">
        <input aria-label="Search" placeholder="Search name, image, id, project…" value={search} onChange={(e) => filter(setSearch)(e.target.value)} className={`${filterClass} w-64`} />
        <select aria-label="State" value={state} onChange={(e) => filter(setState)(e.target.value)} className={`${filterClass} w-36`}>
          <option value="">All states</option>
          {STATES.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
        <select aria-label="Environment" value={environmentId} onChange={(e) => filter(setEnvironmentId)(e.target.value)} className={`${filterClass} w-44`}>
          <option value="">All environments</option>
          {(environments.data ?? []).map((env) => (
            <option key={env.id} value={env.id}>
              {env.name}
            </option>
          ))}
        </select>
        <input aria-label="Image filter" placeholder="Image" value={image} onChange={(e) => filter(setImage)(e.target.value)} className={`${filterClass} w-40`} />
        <input aria-label="Label filter" placeholder="label or label=value" value={label} onChange={(e) => filter(setLabel)(e.target.value)} className={`${filterClass} w-48`} />
        <label className="flex items-center gap-1.5 text-sm">
          <input type="checkbox" checked={groupByProject} onChange={(e) => setGroupByProject(e.target.checked)} /> Group by compose project
        </label>
      </div>

      {selected.size > 0 ? (
        <div className="flex flex-wrap items-center gap-2 rounded-md bg-sky-50 px-3 py-2 text-sm" data-testid="bulk-bar">
          <span>{selected.size} selected:</span>
          {BULK.map((action) => (
            <button
              key={action}
              type="button"
              onClick={() => (DESTRUCTIVE.includes(action) ? setConfirming(action) : runBulk(action))}
              className="rounded-md border border-slate-300 bg-white px-2.5 py-1 capitalize"
            >
              {action}
            </button>
          ))}
        </div>
      ) : null}
      <ErrorBanner error={bulk.error ? describeError(bulk.error) : null} />
      {bulkFailures.length > 0 ? (
        <div role="alert" className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-800">
          {bulkFailures.length} failed: {bulkFailures.map((f) => f.error).join("; ")}
        </div>
      ) : null}
      {list.isError ? <ErrorBanner error={describeError(list.error)} /> : null}
      {(list.data?.unavailable ?? []).map((u) => (
        <p key={u.environmentId} className="rounded-md bg-amber-50 px-3 py-1.5 text-sm text-amber-800" data-testid="environment-unavailable">
          {u.environmentName}: {u.reason} — its containers are not shown.
        </p>
      ))}

      <div className="overflow-x-auto rounded-xl border border-slate-200 bg-white shadow-sm">
        <table className="min-w-full text-sm" data-testid="container-table">
          <thead className="bg-slate-50 text-slate-600">
            <tr>
              <th className="w-8 px-3 py-2">
                <input
                  type="checkbox"
                  aria-label="Select page"
                  checked={items.length > 0 && items.every((c) => selected.has(`${c.environmentId}/${c.id}`))}
                  onChange={(e) => {
                    const next = new Map(selected);
                    for (const c of items) {
                      if (e.target.checked) next.set(`${c.environmentId}/${c.id}`, { environmentId: c.environmentId, containerId: c.id, name: c.name });
                      else next.delete(`${c.environmentId}/${c.id}`);
                    }
                    setSelected(next);
                  }}
                />
              </th>
              {header("name", "Name")}
              {header("state", "State")}
              {header("image", "Image")}
              {header("environment", "Environment")}
              <th className="px-3 py-2 text-left font-medium">Ports</th>
              {header("created", "Created")}
            </tr>
          </thead>
          <tbody>
            {items.map((c, i) => {
              const key = `${c.environmentId}/${c.id}`;
              const newGroup = groupByProject && (i === 0 || items[i - 1]!.composeProject !== c.composeProject);
              return (
                <Fragment key={key}>
                  {newGroup ? (
                    <tr className="bg-slate-100">
                      <td colSpan={7} className="px-3 py-1.5 text-xs font-semibold uppercase tracking-wide text-slate-600" data-testid="project-group">
                        {c.composeProject ?? "No compose project"} ({list.data?.projects.find((p) => p.project === c.composeProject)?.count ?? 0})
                      </td>
                    </tr>
                  ) : null}
                  <tr className="border-t border-slate-100 hover:bg-slate-50" data-testid={`container-row-${c.name}`}>
                    <td className="px-3 py-2">
                      <input
                        type="checkbox"
                        aria-label={`Select ${c.name}`}
                        checked={selected.has(key)}
                        onChange={(e) => {
                          const next = new Map(selected);
                          if (e.target.checked) next.set(key, { environmentId: c.environmentId, containerId: c.id, name: c.name });
                          else next.delete(key);
                          setSelected(next);
                        }}
                      />
                    </td>
                    <td className="px-3 py-2 font-medium">
                      <Link href={`/containers/${c.environmentId}/${c.id}`} className="text-sky-700 hover:underline">
                        {c.name}
                      </Link>
                    </td>
                    <td className="px-3 py-2">
                      <StateBadge state={c.state} /> <span className="text-xs text-slate-500">{c.status}</span>
                    </td>
                    <td className="max-w-56 truncate px-3 py-2 font-mono text-xs" title={c.image}>
                      {c.image}
                    </td>
                    <td className="px-3 py-2">{c.environmentName}</td>
                    <td className="px-3 py-2 font-mono text-xs">
                      {[...new Set(c.ports.filter((p) => p.publicPort).map((p) => `${p.publicPort}→${p.privatePort}/${p.type}`))].join(", ")}
                    </td>
                    <td className="px-3 py-2 text-xs text-slate-500">{new Date(c.createdAt).toLocaleString()}</td>
                  </tr>
                </Fragment>
              );
            })}
            {list.data && items.length === 0 ? (
              <tr>
                <td colSpan={7} className="px-3 py-6 text-center text-slate-500">
                  No containers match.
                </td>
              </tr>
            ) : null}
          </tbody>
        </table>
      </div>
      <div className="flex items-center justify-between text-sm text-slate-600">
        <span data-testid="container-total">
          {list.data ? `${list.data.total} containers · page ${list.data.page} of ${list.data.pageCount} · ${list.data.serverMs} ms on the server` : "Loading…"}
        </span>
        <div className="flex gap-2">
          <button type="button" disabled={page <= 1} onClick={() => setPage(page - 1)} className="rounded-md border border-slate-300 px-3 py-1 disabled:opacity-40">
            Previous
          </button>
          <button type="button" disabled={!list.data || page >= list.data.pageCount} onClick={() => setPage(page + 1)} className="rounded-md border border-slate-300 px-3 py-1 disabled:opacity-40">
            Next
          </button>
        </div>
      </div>
      <ConfirmDialog
        open={confirming !== null}
        title={`${confirming ? confirming[0]!.toUpperCase() + confirming.slice(1) : ""} ${selected.size} container(s)?`}
        confirmLabel={confirming ? confirming[0]!.toUpperCase() + confirming.slice(1) : ""}
        onCancel={() => setConfirming(null)}
        onConfirm={() => {
          if (confirming) runBulk(confirming);
          setConfirming(null);
        }}
      >
        {[...selected.values()].map((s) => s.name).join(", ")}
        {confirming === "remove" ? " will be removed with their writable layers (running ones are killed first)." : " will be interrupted."}
      </ConfirmDialog>
    </div>
  );
}
