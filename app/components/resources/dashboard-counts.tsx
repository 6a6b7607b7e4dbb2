"use client";
// Dashboard: per-environment counts (containers by state, images, volumes, networks) and the recent engine
// events, live over /ws/events.
import { useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useTRPC } from "../../trpc-provider";
import { useEngineEvents } from "./use-engine-events";
import { cardClass, tableClass } from "./format";

const SHOWN_STATES = ["running", "paused", "restarting", "created", "exited", "dead"] as const;

export function DashboardCounts() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const counts = useQuery(trpc.topology.counts.queryOptions({}, { refetchInterval: 15_000 }));
  const live = useEngineEvents([], () => void queryClient.invalidateQueries({ queryKey: trpc.topology.counts.queryKey() }), 1000);
  const names = new Map((counts.data ?? []).map((e) => [e.id, e.name]));
  const cell = (v: number | null | undefined, href: string, title: string) => (
    <td className="px-3 py-2 text-right">{v === null || v === undefined ? <span className="text-slate-400" title={title}>—</span> : <Link className="text-sky-700 hover:underline" href={href}>{v}</Link>}</td>
  );
  return (
    <div className="grid gap-4 lg:grid-cols-3">
      <section className={`${cardClass} lg:col-span-2`} aria-label="Resources per environment">
        <h2 className="mb-2 font-semibold">Resources per environment</h2>
        <table className={tableClass}>
          <thead className="text-left text-xs uppercase text-slate-500">
            <tr>
              <th className="px-3 py-2">Environment</th>
              {SHOWN_STATES.map((s) => (
                <th key={s} className="px-3 py-2 text-right">
                  {s}
                </th>
              ))}
              <th className="px-3 py-2 text-right">Images</th>
              <th className="px-3 py-2 text-right">Volumes</th>
              <th className="px-3 py-2 text-right">Networks</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {(counts.data ?? []).map((e) => (
              <tr key={e.id} data-testid="environment-counts" data-name={e.name}>
                <td className="px-3 py-2 font-medium">{e.name}</td>
                {SHOWN_STATES.map((s) => cell(e.containers?.[s], `/containers?environment=${e.id}`, e.errors.join("; ")))}
                {cell(e.images, `/images?environment=${e.id}`, e.errors.join("; "))}
                {cell(e.volumes, `/volumes?environment=${e.id}`, e.errors.join("; "))}
                {cell(e.networks, `/networks?environment=${e.id}`, e.errors.join("; "))}
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section className={cardClass} aria-label="Recent events">
        <h2 className="mb-2 font-semibold">Recent events</h2>
        {live.recent.length === 0 ? <p className="text-sm text-slate-500">No engine events since this page opened.</p> : null}
        <ul className="space-y-1 text-xs" data-testid="recent-events">
          {live.recent.map((ev, i) => (
            <li key={`${ev.time}-${ev.id}-${i}`}>
              <span className="text-slate-500">{new Date(ev.time * 1000).toISOString().slice(11, 19)}</span> {names.get(ev.environmentId) ?? ev.environmentId} · {ev.objectType}{" "}
              <strong>{ev.action}</strong> {ev.name || ev.id.slice(0, 12)}
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
