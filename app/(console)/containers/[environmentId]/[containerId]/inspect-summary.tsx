import type { inferRouterOutputs } from "@trpc/server";
import type { ReactNode } from "react";
import type { AppRouter } from "@/server/trpc/root";

type Details = inferRouterOutputs<AppRouter>["container"]["inspect"];

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <>
      <dt className="text-slate-500">{label}</dt>
      <dd className="min-w-0 break-words">{children}</dd>
    </>
  );
}

const none = <span className="text-slate-400">none</span>;

export function InspectSummary({ details: c }: { details: Details }) {
  return (
    <dl className="grid grid-cols-[12rem_1fr] gap-x-6 gap-y-3 rounded-xl border border-slate-200 bg-white p-5 text-sm shadow-sm" data-testid="inspect-summary">
      <Row label="ID"><span className="font-mono text-xs">{c.id}</span></Row>
      <Row label="Image"><span className="font-mono text-xs">{c.image}</span></Row>
      <Row label="Command"><span className="font-mono text-xs">{[...c.entrypoint, ...c.command].join(" ") || "(image default)"}</span></Row>
      <Row label="Status">{c.state}{c.exitCode !== null ? ` (exit code ${c.exitCode})` : ""}{c.startedAt ? ` · started ${new Date(c.startedAt).toLocaleString()}` : ""}</Row>
      <Row label="Environment variables">
        {c.env.length ? <ul className="font-mono text-xs">{c.env.map((e) => <li key={e}>{e}</li>)}</ul> : none}
      </Row>
      <Row label="Ports">
        {c.ports.length ? c.ports.map((p) => `${p.hostIp || "0.0.0.0"}:${p.hostPort} → ${p.containerPort}`).join(", ") : none}
      </Row>
      <Row label="Mounts">
        {c.mounts.length ? <ul className="font-mono text-xs">{c.mounts.map((m) => <li key={m.destination}>{m.type} {m.source} → {m.destination}{m.readOnly ? " (ro)" : ""}</li>)}</ul> : none}
      </Row>
      <Row label="Networks">{c.networks.length ? c.networks.map((n) => `${n.name}${n.ipAddress ? ` (${n.ipAddress})` : ""}`).join(", ") : none}</Row>
      <Row label="Labels">
        {Object.keys(c.labels).length ? <ul className="font-mono text-xs">{Object.entries(c.labels).map(([k, v]) => <li key={k}>{k}={v}</li>)}</ul> : none}
      </Row>
      <Row label="Restart policy">{c.restartPolicy}</Row>
      <Row label="Limits">
        {c.memoryLimitBytes ? `${Math.round(c.memoryLimitBytes / 1048576)} MiB memory` : "no memory limit"}, {c.nanoCpus ? `${c.nanoCpus / 1e9} CPUs` : "no CPU limit"}
      </Row>
    </dl>
  );
}
