// Launching wharf-shim the way the engine does, and removing everything a test made.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const NATIVE_DIR = fileURLToPath(new URL("../..", import.meta.url));
export const SHIM_BINARY = join(NATIVE_DIR, "build/wharf-shim");

/** Builds the native binaries the shim tests run: wharf-shim and wharf-runtime (one of the runtimes in the table). */
export function buildNative(): void {
  execFileSync("make", ["-s", "-C", NATIVE_DIR, "build/wharf-shim", "build/wharf-runtime"], {
    stdio: ["ignore", "ignore", "pipe"],
  });
}

export type ShimLaunch = {
  id: string;
  bundle: string;
  stateDir: string;
  logPath: string;
  runtime: string;
  runtimeRoot: string;
  tty?: boolean;
  stdin?: boolean;
  logMaxSize?: string;
};

export function shimArgs(l: ShimLaunch): string[] {
  const args = ["--id", l.id, "--bundle", l.bundle, "--state-dir", l.stateDir, "--runtime", l.runtime];
  args.push("--runtime-root", l.runtimeRoot, "--log-path", l.logPath);
  if (l.tty) args.push("--tty");
  if (l.stdin) args.push("--stdin");
  if (l.logMaxSize) args.push("--log-max-size", l.logMaxSize);
  return args;
}

export type LaunchResult = { status: number | null; stdout: string; stderr: string };

/** Runs the launcher and waits for its readiness answer (exit 0 + init pid on stdout, or an error). */
export function runShim(args: string[]): LaunchResult {
  const r = spawnSync(SHIM_BINARY, args, { encoding: "utf8", timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** True while pid names a live (not zombie) process. */
export function isAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2)[0] !== "Z";
  } catch {
    return false;
  }
}

export function readShimPid(stateDir: string): number | undefined {
  const p = join(stateDir, "shim.pid");
  return existsSync(p) ? Number(readFileSync(p, "utf8").trim()) : undefined;
}

export async function waitFor<T>(probe: () => T | undefined | false, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Pids of processes whose command line mentions `needle` (a temp path this test owns). */
export function pidsMentioning(needle: string): number[] {
  const out = spawnSync("sh", ["-c", "grep -l -F -- \"$1\" /proc/[0-9]*/cmdline 2>/dev/null", "sh", needle], {
    encoding: "utf8",
  }).stdout;
  return out
    .split("\n")
    .map((line) => Number(line.split("/")[2]))
    .filter((pid) => Number.isInteger(pid) && pid !== process.pid && isAlive(pid));
}

/** Lists container ids the runtime knows under `root`. */
export function runtimeContainerIds(runtime: string, root: string): string[] {
  const r = spawnSync(runtime, ["--root", root, "list", "-q"], { encoding: "utf8" });
  return r.status === 0 ? r.stdout.split("\n").filter(Boolean) : [];
}

/** Removes a container, its shim and nothing else: runtime delete --force by id, SIGKILL by recorded pid. */
export function removeShimContainer(l: ShimLaunch, shimPid: number | undefined): void {
  spawnSync(l.runtime, ["--root", l.runtimeRoot, "delete", "--force", l.id], { stdio: "ignore" });
  if (shimPid && isAlive(shimPid)) {
    try {
      process.kill(shimPid, "SIGKILL");
    } catch {
      // already gone
    }
  }
}
