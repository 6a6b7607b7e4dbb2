// Process-table queries over /proc, used to find (by PID) everything a dockerd we started left running:
// its children (containerd, docker-proxy), and shims that re-parented to init but name our private paths.
import { readFileSync, readdirSync } from "node:fs";

export interface ProcessInfo {
  pid: number;
  ppid: number;
  /** /proc/PID/comm, e.g. "dockerd". */
  comm: string;
  /** /proc/PID/cmdline with NULs turned into spaces. */
  cmdline: string;
}

/** Snapshot of all processes (those that vanish while reading are skipped). */
export function listProcesses(): ProcessInfo[] {
  const out: ProcessInfo[] = [];
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, "utf8");
      const afterComm = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (afterComm[0] === "Z") continue; // zombies hold nothing and cannot be killed again
      out.push({
        pid: Number(name),
        ppid: Number(afterComm[1]),
        comm: readFileSync(`/proc/${name}/comm`, "utf8").trim(),
        cmdline: readFileSync(`/proc/${name}/cmdline`, "utf8").replace(/\0/g, " ").trim(),
      });
    } catch {
      /* exited meanwhile */
    }
  }
  return out;
}

/** PIDs of `roots` and all their descendants, in `procs`. */
export function descendantsOf(roots: readonly number[], procs: readonly ProcessInfo[] = listProcesses()): number[] {
  const children = new Map<number, number[]>();
  for (const p of procs) children.set(p.ppid, [...(children.get(p.ppid) ?? []), p.pid]);
  const seen = new Set<number>();
  const queue = [...roots];
  while (queue.length > 0) {
    const pid = queue.pop() as number;
    if (seen.has(pid)) continue;
    seen.add(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return [...seen];
}

/** PIDs of processes whose command line contains `needle` (a unique path we own, never a bare name). */
export function pidsMentioning(needle: string, procs: readonly ProcessInfo[] = listProcesses()): number[] {
  return procs.filter((p) => p.cmdline.includes(needle)).map((p) => p.pid);
}
