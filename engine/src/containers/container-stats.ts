// docker stats (API ContainerStatsResponse) from the container's cgroup: cpuacct/cpu, memory and pids on cgroup v1
// (`/sys/fs/cgroup/<controller>/wharf/<id>`), cpu.stat/memory.current/pids.current on v2. The host's CPU time
// comes from /proc/stat (system_cpu_usage, ns), as dockerd computes it; precpu is the previous sample, so the CLI's
// CPU % is the delta over the sampling interval. `networks`: the container's interfaces other than lo, read from
// /proc/<init pid>/net/dev (that file shows the reader's-pid network namespace), as dockerd reports its sandbox's
// interfaces. `blkio_stats.io_service_bytes_recursive`: cgroup v1 blkio.throttle.io_service_bytes_recursive (the
// counter every v1 kernel keeps, whatever the I/O scheduler; dockerd falls back to it too), io.stat on v2.
// Buffered writes are written back by the kernel's flusher, which v1 charges to the root cgroup: only direct and
// synchronous I/O shows in a container's BLOCK I/O on v1, as under dockerd.
import { existsSync, readFileSync } from "node:fs";
import { cpus } from "node:os";
import { conflict } from "../errors.js";
import type { ContainerRecord } from "./container-record.js";

const NS_PER_TICK = 1e9 / 100; // USER_HZ = 100 on Linux

const read = (f: string) => (existsSync(f) ? readFileSync(f, "utf8").trim() : undefined);
const num = (s: string | undefined) => (s === undefined || s === "max" ? 0 : Number(s));
const kv = (s: string | undefined) => Object.fromEntries((s ?? "").split("\n").filter(Boolean).map((l) => { const [k, v] = l.split(/\s+/); return [k!, Number(v)]; }));

function systemCpuNs(): number {
  const line = readFileSync("/proc/stat", "utf8").split("\n").find((l) => l.startsWith("cpu "))!;
  return line.split(/\s+/).slice(1, 8).reduce((s, v) => s + Number(v), 0) * NS_PER_TICK;
}

interface BlkioEntry { major: number; minor: number; op: string; value: number }

/** v1 "MAJ:MIN Op N" lines of blkio.throttle.<what>; the trailing grand "Total N" line is left out, like dockerd. */
function blkioV1(id: string, what: "io_service_bytes" | "io_serviced"): BlkioEntry[] | null {
  const dir = `/sys/fs/cgroup/blkio/wharf/${id}`;
  const text = read(`${dir}/blkio.throttle.${what}_recursive`) ?? read(`${dir}/blkio.throttle.${what}`);
  if (text === undefined) return null;
  return text.split("\n").map((l) => l.trim().split(/\s+/)).filter((f) => f.length === 3 && f[0]!.includes(":")).map(([dev, op, v]) => {
    const [major, minor] = dev!.split(":").map(Number);
    return { major: major!, minor: minor!, op: op!, value: Number(v) };
  });
}

/** v2 io.stat "MAJ:MIN rbytes=N wbytes=N rios=N wios=N …" → dockerd's read/write entries (bytes or I/Os). */
function blkioV2(id: string, r: "rbytes" | "rios", w: "wbytes" | "wios"): BlkioEntry[] | null {
  const text = read(`/sys/fs/cgroup/wharf/${id}/io.stat`);
  if (text === undefined) return null;
  return text.split("\n").filter(Boolean).flatMap((l) => {
    const [dev, ...kvs] = l.trim().split(/\s+/);
    const [major, minor] = dev!.split(":").map(Number);
    const f = Object.fromEntries(kvs.map((x) => x.split("=")));
    return [{ major: major!, minor: minor!, op: "read", value: Number(f[r] ?? 0) }, { major: major!, minor: minor!, op: "write", value: Number(f[w] ?? 0) }];
  });
}

/** The container's interfaces but lo, from its init's view of /proc/net/dev; undefined when it has none. */
function networks(pid: number): Record<string, Record<string, number>> | undefined {
  const text = pid > 0 ? read(`/proc/${pid}/net/dev`) : undefined;
  if (!text) return undefined;
  const out: Record<string, Record<string, number>> = {};
  for (const line of text.split("\n").slice(2)) {
    const m = /^\s*([^:\s]+):\s*(.*)$/.exec(line);
    if (!m || m[1] === "lo") continue;
    const n = m[2]!.trim().split(/\s+/).map(Number);
    out[m[1]!] = { rx_bytes: n[0]!, rx_packets: n[1]!, rx_errors: n[2]!, rx_dropped: n[3]!, tx_bytes: n[8]!, tx_packets: n[9]!, tx_errors: n[10]!, tx_dropped: n[11]! };
  }
  return Object.keys(out).length ? out : undefined;
}

function sample(id: string) {
  const v1 = existsSync(`/sys/fs/cgroup/memory/wharf/${id}`);
  const online = cpus().length;
  if (v1) {
    const cpuacct = [`/sys/fs/cgroup/cpuacct/wharf/${id}`, `/sys/fs/cgroup/cpu,cpuacct/wharf/${id}`].find(existsSync) ?? "";
    const stat = kv(read(`${cpuacct}/cpuacct.stat`));
    const memStat = kv(read(`/sys/fs/cgroup/memory/wharf/${id}/memory.stat`));
    const limit = num(read(`/sys/fs/cgroup/memory/wharf/${id}/memory.limit_in_bytes`));
    return {
      cpu_stats: {
        cpu_usage: { total_usage: num(read(`${cpuacct}/cpuacct.usage`)), usage_in_kernelmode: (stat.system ?? 0) * NS_PER_TICK, usage_in_usermode: (stat.user ?? 0) * NS_PER_TICK },
        system_cpu_usage: systemCpuNs(),
        online_cpus: online,
        throttling_data: { periods: 0, throttled_periods: 0, throttled_time: 0 },
      },
      memory_stats: {
        usage: num(read(`/sys/fs/cgroup/memory/wharf/${id}/memory.usage_in_bytes`)),
        max_usage: num(read(`/sys/fs/cgroup/memory/wharf/${id}/memory.max_usage_in_bytes`)),
        limit: limit > 0 && limit < 2 ** 62 ? limit : Number(readFileSync("/proc/meminfo", "utf8").match(/MemTotal:\s+(\d+)/)![1]) * 1024,
        stats: memStat,
      },
      pids_stats: { current: num(read(`/sys/fs/cgroup/pids/wharf/${id}/pids.current`)), limit: num(read(`/sys/fs/cgroup/pids/wharf/${id}/pids.max`)) || undefined },
      blkio: { bytes: blkioV1(id, "io_service_bytes"), ios: blkioV1(id, "io_serviced") },
    };
  }
  const dir = `/sys/fs/cgroup/wharf/${id}`;
  const stat = kv(read(`${dir}/cpu.stat`));
  const max = read(`${dir}/memory.max`);
  return {
    cpu_stats: {
      cpu_usage: { total_usage: (stat.usage_usec ?? 0) * 1000, usage_in_kernelmode: (stat.system_usec ?? 0) * 1000, usage_in_usermode: (stat.user_usec ?? 0) * 1000 },
      system_cpu_usage: systemCpuNs(),
      online_cpus: online,
      throttling_data: { periods: 0, throttled_periods: 0, throttled_time: 0 },
    },
    memory_stats: {
      usage: num(read(`${dir}/memory.current`)),
      limit: max && max !== "max" ? Number(max) : Number(readFileSync("/proc/meminfo", "utf8").match(/MemTotal:\s+(\d+)/)![1]) * 1024,
      stats: kv(read(`${dir}/memory.stat`)),
    },
    pids_stats: { current: num(read(`${dir}/pids.current`)) },
    blkio: { bytes: blkioV2(id, "rbytes", "wbytes"), ios: blkioV2(id, "rios", "wios") },
  };
}

/** One stats object; precpu from a sample `intervalMs` earlier (dockerd's collector ticks every second). */
export async function statsOnce(rec: ContainerRecord, intervalMs = 1000): Promise<Record<string, unknown>> {
  const empty = { cpu_usage: { total_usage: 0, usage_in_kernelmode: 0, usage_in_usermode: 0 }, throttling_data: { periods: 0, throttled_periods: 0, throttled_time: 0 } };
  if (rec.state.status !== "running" && rec.state.status !== "paused") {
    return { name: rec.name, id: rec.id, read: "0001-01-01T00:00:00Z", preread: "0001-01-01T00:00:00Z", pids_stats: {}, blkio_stats: {}, num_procs: 0, storage_stats: {}, cpu_stats: empty, precpu_stats: empty, memory_stats: {} };
  }
  const before = sample(rec.id);
  const preread = new Date().toISOString();
  await new Promise((r) => setTimeout(r, intervalMs));
  const now = sample(rec.id);
  if (!now) throw conflict(`container ${rec.id} is not running`);
  return {
    name: rec.name,
    id: rec.id,
    read: new Date().toISOString(),
    preread,
    pids_stats: now.pids_stats,
    blkio_stats: { io_service_bytes_recursive: now.blkio.bytes, io_serviced_recursive: now.blkio.ios, io_queue_recursive: null, io_service_time_recursive: null, io_wait_time_recursive: null, io_merged_recursive: null, io_time_recursive: null, sectors_recursive: null },
    num_procs: 0,
    storage_stats: {},
    cpu_stats: now.cpu_stats,
    precpu_stats: before.cpu_stats,
    memory_stats: now.memory_stats,
    networks: networks(rec.state.pid),
  };
}
