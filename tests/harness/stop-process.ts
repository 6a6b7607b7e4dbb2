// Stops one child process we started, by its PID: SIGTERM, then SIGKILL after a grace period, and waits until
// it has exited (so its ports, sockets and files are released when this resolves).
import type { ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { sleep } from "./wait-for.js";

export async function stopProcess(child: ChildProcess, opts: { graceMs?: number } = {}): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGTERM");
  const timedOut = await Promise.race([exited.then(() => false), sleep(opts.graceMs ?? 10_000).then(() => true)]);
  if (timedOut) {
    child.kill("SIGKILL");
    await exited;
  }
}

/** True while a process with this PID exists and is not a zombie. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    // A zombie still answers kill(0); its /proc stat state is "Z".
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
  } catch {
    return false;
  }
}

/** Sends `signal` to `pid`, ignoring "no such process". */
export function signalPid(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    /* already gone */
  }
}

/** Waits until none of `pids` is alive, SIGKILLing survivors after `graceMs`; gives up 5 s after that. */
export async function waitForPidsGone(pids: readonly number[], graceMs = 5_000): Promise<void> {
  const killAt = Date.now() + graceMs;
  let killed = false;
  while (pids.some(isAlive)) {
    if (!killed && Date.now() > killAt) {
      for (const pid of pids) if (isAlive(pid)) signalPid(pid, "SIGKILL");
      killed = true;
    }
    if (Date.now() > killAt + 5_000) return;
    await sleep(50);
  }
}
