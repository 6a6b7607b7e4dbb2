// A whole Wharf stack of a spec's own, started exactly as a user does (`node scripts/wharf.mjs start`) on a free
// port and a fresh data directory, so a spec's first-run setup never disturbs another spec's. stop() sends SIGTERM
// (SIGKILL after 20 s) and removes the data directory.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { freePort } from "../../tests/harness/index.js";
import { removeEmptyEngineCgroupParents } from "../../tests/harness/host-cgroups.js";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

export interface OwnStack {
  baseUrl: string;
  dataDir: string;
  /** The local engine's socket: unix://<data dir>/run/wharf.sock */
  engineHost: string;
  running(): boolean;
  stop(): Promise<void>;
}

export async function startOwnStack(prefix: string): Promise<OwnStack> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), prefix));
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, ["scripts/wharf.mjs", "start", "--port", String(port), "--hostname", "127.0.0.1", "--data-dir", dataDir], {
    cwd: repoRoot,
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr?.on("data", (d) => (stderr = (stderr + d).slice(-4000)));
  const stack: OwnStack = {
    baseUrl,
    dataDir,
    engineHost: `unix://${path.join(dataDir, "run/wharf.sock")}`,
    running: () => child.exitCode === null && child.signalCode === null,
    async stop() {
      if (stack.running()) {
        const exited = new Promise((resolve) => child.once("exit", resolve));
        child.kill("SIGTERM");
        await Promise.race([exited, new Promise((r) => setTimeout(r, 20_000))]);
        if (stack.running()) child.kill("SIGKILL");
      }
      rmSync(dataDir, { recursive: true, force: true });
      removeEmptyEngineCgroupParents();
    },
  };
  const deadline = Date.now() + 200_000;
  for (;;) {
    if (!stack.running()) {
      rmSync(dataDir, { recursive: true, force: true });
      throw new Error(`stack exited: ${stderr}`);
    }
    if (await fetch(`${baseUrl}/login`).then((r) => r.status < 500, () => false)) return stack;
    if (Date.now() > deadline) {
      await stack.stop();
      throw new Error(`stack did not start: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}
