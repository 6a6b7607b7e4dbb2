"use client";
// Live stats over /ws/stats (one sample a second from the engine): CPU %, memory, network and block I/O
// rates, the last WINDOW samples drawn as small SVG charts.
import { useEffect, useState } from "react";
import { channelUrl } from "./channel-url";
import { Sparkline } from "./sparkline";
import type { StatsSample } from "@/server/services/containers/compute-stats";

const WINDOW = 60;
type Sample = StatsSample;

export function formatBytes(n: number): string {
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let i = 0;
  while (n >= 1024 && i < units.length - 1) (n /= 1024), i++;
  return `${n.toFixed(i === 0 ? 0 : 1)} ${units[i]}`;
}

/** Per-second rate between consecutive samples of a counter. */
function rates(samples: Sample[], pick: (s: Sample) => number): number[] {
  return samples.slice(1).map((s, i) => {
    const prev = samples[i]!;
    const seconds = Math.max(0.001, (Date.parse(s.time) - Date.parse(prev.time)) / 1000);
    return Math.max(0, (pick(s) - pick(prev)) / seconds);
  });
}

export function StatsPanel({ environmentId, containerId, running }: { environmentId: string; containerId: string; running: boolean }) {
  const [samples, setSamples] = useState<Sample[]>([]);
  const [status, setStatus] = useState("connecting…");
  useEffect(() => {
    if (!running) return;
    const ws = new WebSocket(channelUrl("stats", { environmentId, containerId }));
    ws.onopen = () => setStatus("live");
    ws.onmessage = (event) => {
      const m = JSON.parse(String(event.data));
      if (m.type === "stats") setSamples((prev) => [...prev.slice(-(WINDOW - 1)), m as Sample]);
      else if (m.type === "end") setStatus("ended");
      else if (m.type === "error") setStatus(`error: ${m.message}`);
    };
    return () => ws.close();
  }, [environmentId, containerId, running]);

  if (!running) return <p className="text-sm text-slate-500">The container is not running: no live stats.</p>;
  const last = samples.at(-1);
  const rx = rates(samples, (s) => s.networkRxBytes);
  const tx = rates(samples, (s) => s.networkTxBytes);
  const rd = rates(samples, (s) => s.blockReadBytes);
  const wr = rates(samples, (s) => s.blockWriteBytes);
  return (
    <div className="space-y-2">
      <p className="text-sm text-slate-500" data-testid="stats-status">{status} · {samples.length} samples</p>
      <div className="grid gap-4 md:grid-cols-2">
        <Sparkline testId="chart-cpu" title="CPU" value={last ? `${last.cpuPercent.toFixed(1)} %` : "–"} series={[{ label: "CPU %", color: "#0284c7", values: samples.map((s) => s.cpuPercent) }]} />
        <Sparkline
          testId="chart-memory"
          title="Memory"
          value={last ? `${formatBytes(last.memoryBytes)} / ${formatBytes(last.memoryLimitBytes)}` : "–"}
          series={[{ label: "used", color: "#7c3aed", values: samples.map((s) => s.memoryBytes) }]}
        />
        <Sparkline
          testId="chart-network"
          title="Network I/O"
          value={last ? `rx ${formatBytes(last.networkRxBytes)} · tx ${formatBytes(last.networkTxBytes)}` : "–"}
          series={[
            { label: "rx/s", color: "#059669", values: rx },
            { label: "tx/s", color: "#d97706", values: tx },
          ]}
        />
        <Sparkline
          testId="chart-block"
          title="Block I/O"
          value={last ? `read ${formatBytes(last.blockReadBytes)} · write ${formatBytes(last.blockWriteBytes)}` : "–"}
          series={[
            { label: "read/s", color: "#2563eb", values: rd },
            { label: "write/s", color: "#dc2626", values: wr },
          ]}
        />
      </div>
    </div>
  );
}
