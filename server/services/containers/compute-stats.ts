// One stats sample from Docker's GET /containers/{id}/stats JSON (API v1.41+ fields). CPU % follows the
// docker CLI's formula (cli/command/container/stats_helpers.go): container CPU delta over system CPU delta,
// times the online CPUs, times 100. Memory excludes the page cache, like `docker stats`.
export type StatsSample = {
  time: string;
  cpuPercent: number;
  memoryBytes: number;
  memoryLimitBytes: number;
  networkRxBytes: number;
  networkTxBytes: number;
  blockReadBytes: number;
  blockWriteBytes: number;
  pids: number;
};

type WireStats = {
  read?: string;
  cpu_stats?: { cpu_usage?: { total_usage?: number; percpu_usage?: number[] }; system_cpu_usage?: number; online_cpus?: number };
  precpu_stats?: { cpu_usage?: { total_usage?: number }; system_cpu_usage?: number };
  memory_stats?: { usage?: number; limit?: number; stats?: Record<string, number> };
  networks?: Record<string, { rx_bytes?: number; tx_bytes?: number }>;
  blkio_stats?: { io_service_bytes_recursive?: Array<{ op?: string; value?: number }> | null };
  pids_stats?: { current?: number };
};

export function computeStats(wire: WireStats): StatsSample {
  const cpu = wire.cpu_stats ?? {};
  const pre = wire.precpu_stats ?? {};
  const cpuDelta = (cpu.cpu_usage?.total_usage ?? 0) - (pre.cpu_usage?.total_usage ?? 0);
  const systemDelta = (cpu.system_cpu_usage ?? 0) - (pre.system_cpu_usage ?? 0);
  const cpus = cpu.online_cpus || cpu.cpu_usage?.percpu_usage?.length || 1;
  const cpuPercent = cpuDelta > 0 && systemDelta > 0 ? (cpuDelta / systemDelta) * cpus * 100 : 0;

  const mem = wire.memory_stats ?? {};
  const cache = mem.stats?.total_inactive_file ?? mem.stats?.inactive_file ?? mem.stats?.cache ?? 0;
  const memoryBytes = Math.max(0, (mem.usage ?? 0) - cache);

  let rx = 0;
  let tx = 0;
  for (const n of Object.values(wire.networks ?? {})) {
    rx += n.rx_bytes ?? 0;
    tx += n.tx_bytes ?? 0;
  }
  let read = 0;
  let write = 0;
  for (const e of wire.blkio_stats?.io_service_bytes_recursive ?? []) {
    const op = (e.op ?? "").toLowerCase();
    if (op === "read") read += e.value ?? 0;
    if (op === "write") write += e.value ?? 0;
  }
  return {
    time: wire.read ?? new Date().toISOString(),
    cpuPercent: Math.round(cpuPercent * 100) / 100,
    memoryBytes,
    memoryLimitBytes: mem.limit ?? 0,
    networkRxBytes: rx,
    networkTxBytes: tx,
    blockReadBytes: read,
    blockWriteBytes: write,
    pids: wire.pids_stats?.current ?? 0,
  };
}
