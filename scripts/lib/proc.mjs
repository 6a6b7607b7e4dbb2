// Process helpers for the bootstrap. Node built-ins only: this code runs before `npm ci`.
import { spawn, spawnSync } from "node:child_process";
import { join } from "node:path";

export const ROOT = new URL("../..", import.meta.url).pathname.replace(/\/$/, "");

export function log(msg) {
  process.stdout.write(`\x1b[1m[wharf]\x1b[0m ${msg}\n`);
}

/** Runs a command to completion with inherited stdio; throws on a non-zero exit unless `allowFail`. */
export function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: "inherit", cwd: ROOT, ...opts, env: { ...process.env, ...(opts.env ?? {}) } });
  if (r.error) throw r.error;
  if (r.status !== 0 && !opts.allowFail) throw new Error(`${cmd} ${args.join(" ")} exited with ${r.status ?? r.signal}`);
  return r.status ?? 1;
}

/** Runs a binary from node_modules/.bin. */
export function runBin(name, args, opts = {}) {
  return run(join(ROOT, "node_modules/.bin", name), args, opts);
}

/** Starts a long-running child with inherited stdio and returns it. */
export function startChild(cmd, args, opts = {}) {
  return spawn(cmd, args, { stdio: "inherit", cwd: ROOT, ...opts, env: { ...process.env, ...(opts.env ?? {}) } });
}

export function isRoot() {
  return typeof process.getuid === "function" && process.getuid() === 0;
}

/**
 * Runs a command in its own process group with inherited stdio and resolves with its exit code. After `timeoutMs`
 * the whole group is killed (SIGTERM, then SIGKILL 10 s later), so a hung test tier cannot stall CI; the returned
 * code is then 124, like timeout(1).
 */
export function runGroup(cmd, args, { timeoutMs, env = {} } = {}) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(cmd, args, { stdio: "inherit", cwd: ROOT, detached: true, env: { ...process.env, ...env } });
    let timedOut = false;
    const killGroup = (sig) => {
      try {
        process.kill(-child.pid, sig);
      } catch {
        /* already gone */
      }
    };
    const timer = timeoutMs
      ? setTimeout(() => {
          timedOut = true;
          log(`${cmd.split("/").pop()} ran past ${Math.round(timeoutMs / 60000)} min: stopping it`);
          killGroup("SIGTERM");
          setTimeout(() => killGroup("SIGKILL"), 10_000).unref();
        }, timeoutMs)
      : undefined;
    const forward = (sig) => killGroup(sig);
    process.on("SIGINT", forward);
    process.on("SIGTERM", forward);
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      process.off("SIGINT", forward);
      process.off("SIGTERM", forward);
      resolvePromise(timedOut ? 124 : (code ?? (signal ? 128 : 1)));
    });
  });
}
