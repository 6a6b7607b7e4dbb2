// Starts a real wharfd (this repo's engine) for an integration test: its own socket, data root and exec root in a
// temp dir, in one node process (no npx/tsx wrapper, so signals reach it directly). stop() sends SIGTERM by PID.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pickFreeSubnet } from "../../../tests/harness/pick-subnet.js";

export const REPO_ROOT = resolve(import.meta.dirname, "../../..");

export interface Wharfd {
  dir: string;
  socketPath: string;
  dockerHost: string;
  dataRoot: string;
  execRoot: string;
  process: ChildProcess;
  /** stderr (structured logs) collected so far */
  logs(): string;
  /** SIGTERM and wait; returns the exit code. */
  stop(): Promise<number | null>;
  /** SIGKILL and wait (crash simulation); leaves the dirs. */
  kill(): Promise<void>;
  /** Removes the temp dir (after stop/kill). */
  cleanup(): void;
}

export function wharfdCommand(args: string[]): { command: string; args: string[] } {
  return { command: process.execPath, args: ["--import", "tsx", join(REPO_ROOT, "engine/src/main.ts"), ...args] };
}

export async function startWharfd(opts: { extraArgs?: string[]; dir?: string } = {}): Promise<Wharfd> {
  const dir = opts.dir ?? mkdtempSync(join(tmpdir(), "wharfd-test-"));
  const socketPath = join(dir, "wharf.sock");
  const dataRoot = join(dir, "data");
  const execRoot = join(dir, "exec");
  const net = (opts.extraArgs ?? []).some((a) => a === "--bridge" || a.startsWith("--bridge=")) ? [] : await privateBridge(dir);
  const { command, args } = wharfdCommand([
    "--host", `unix://${socketPath}`, "--data-root", dataRoot, "--exec-root", execRoot, ...net, ...(opts.extraArgs ?? []),
  ]);
  const child = spawn(command, args, { cwd: REPO_ROOT, stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((res) => child.once("exit", (code) => res(code)));
  const deadline = Date.now() + 20_000;
  while (!(await answersPing(socketPath))) {
    if (child.exitCode !== null) throw new Error(`wharfd exited with ${child.exitCode}: ${stderr}`);
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`wharfd did not listen within 20 s: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    dir, socketPath, dockerHost: `unix://${socketPath}`, dataRoot, execRoot, process: child,
    logs: () => stderr,
    async stop() {
      if (child.exitCode === null) child.kill("SIGTERM");
      return exited;
    },
    async kill() {
      if (child.exitCode === null) child.kill("SIGKILL");
      await exited;
    },
    cleanup() {
      removeBridges(dir);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** True when something answers HEAD /_ping with 200 on the socket (a stale socket file alone is not enough). */
export function answersPing(socketPath: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request({ socketPath, method: "HEAD", path: "/_ping", timeout: 1000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on("error", () => resolve(false));
    req.on("timeout", () => req.destroy());
    req.end();
  });
}

/**
 * Several wharfds and dockerds run at once on the test host: each test wharfd gets its own default bridge
 * (`wht<8 hex of its dir>`, so a restart on the same dir finds it again) and a free /24 from the harness picker,
 * remembered in the dir.
 */
async function privateBridge(dir: string): Promise<string[]> {
  const file = join(dir, "test-bridge.json");
  if (!existsSync(file)) {
    const { gateway } = await pickFreeSubnet();
    writeFileSync(file, JSON.stringify({ bridge: `wht${createHash("sha256").update(dir).digest("hex").slice(0, 8)}`, bip: gateway }));
  }
  const { bridge, bip } = JSON.parse(readFileSync(file, "utf8")) as { bridge: string; bip: string };
  return ["--bridge", bridge, "--bip", bip];
}

/** After stop/kill: the bridges of this wharfd's network records and its nft table, if still there (kill -9). */
function removeBridges(dir: string): void {
  const file = join(dir, "test-bridge.json");
  if (!existsSync(file)) return;
  const { bridge } = JSON.parse(readFileSync(file, "utf8")) as { bridge: string };
  const netDir = join(dir, "data", "network");
  const names = new Set([bridge]);
  for (const f of existsSync(netDir) ? readdirSync(netDir).filter((x) => x.endsWith(".json")) : []) {
    const b = (JSON.parse(readFileSync(join(netDir, f), "utf8")) as { bridge?: string }).bridge;
    if (b) names.add(b);
  }
  for (const b of names) if (existsSync(`/sys/class/net/${b}`)) execFileSync("ip", ["link", "del", b]);
  const table = `wharf_${bridge}`;
  try {
    execFileSync("nft", ["delete", "table", "inet", table], { stdio: "ignore" });
  } catch {
    /* not there: the daemon removed it at a clean stop */
  }
}
