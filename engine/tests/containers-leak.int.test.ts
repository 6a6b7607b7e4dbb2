// Leak check (issue 5): 300 create → start → stop → rm cycles through the Engine API (3 at a time, so it stays
// fast; every 5th with docker cp and diff on the running and the stopped container, every 25th an export) leave nothing behind: the host's mounts under this wharfd's dir, the containers' cgroups, shim processes,
// state and exec-root dirs, container dirs, veths on its bridge, and open file descriptors of the wharfd process
// are all counted before and after. The CLI path is exercised by the other suites; here the engine is driven
// directly because 300 CLI round trips would take minutes.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { Agent } from "node:http";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { dockerCli, waitFor } from "../../tests/harness/index.js";
import { startWharfd, type Wharfd } from "./lib/start-wharfd.js";
import { engineRequest } from "./lib/engine-request.js";

const BUSYBOX = inject("fixtures").busybox.reference;
const CYCLES = 300;
const PARALLEL = 3;
const CGROUP_ROOT = "/sys/fs/cgroup";

describe("wharfd leaks nothing over many container lifecycles", () => {
  let wharfd: Wharfd;
  const agent = new Agent({ keepAlive: false });

  const api = (method: string, path: string, body?: unknown) => engineRequest(wharfd.socketPath, method, `/v1.50${path}`, body, { agent });

  beforeAll(async () => {
    wharfd = await startWharfd();
    expect((await dockerCli({ DOCKER_HOST: wharfd.dockerHost, DOCKER_CONFIG: wharfd.dir }, ["pull", "-q", BUSYBOX])).code).toBe(0);
  }, 120_000);

  afterAll(async () => {
    await wharfd?.stop();
    wharfd?.cleanup();
    agent.destroy();
  }, 60_000);

  it(`${CYCLES} create/start/stop/rm cycles leave no mounts, cgroups, shims, state dirs, veths or open fds`, async () => {
    const ids = new Set<string>();
    const bridge = (JSON.parse(readFileSync(join(wharfd.dir, "test-bridge.json"), "utf8")) as { bridge: string }).bridge;
    const count = () => ({
      fds: readdirSync(`/proc/${wharfd.process.pid}/fd`).length,
      mounts: readFileSync("/proc/self/mountinfo", "utf8").split("\n").filter((l) => l.includes(wharfd.dir)).length,
      cgroups: readdirSync(CGROUP_ROOT).flatMap((c) => (existsSync(join(CGROUP_ROOT, c, "wharf")) ? readdirSync(join(CGROUP_ROOT, c, "wharf")) : [])).filter((n) => ids.has(n)).length,
      shims: readdirSync("/proc").filter((p) => /^\d+$/.test(p) && Number(p) !== wharfd.process.pid && safeRead(`/proc/${p}/cmdline`).includes(wharfd.execRoot)).length,
      stateDirs: existsSync(join(wharfd.execRoot, "s")) ? readdirSync(join(wharfd.execRoot, "s")).length : 0,
      execRoot: walkCount(wharfd.execRoot),
      containerDirs: readdirSync(join(wharfd.dataRoot, "containers")).length,
      veths: existsSync(`/sys/class/net/${bridge}/brif`) ? readdirSync(`/sys/class/net/${bridge}/brif`).length : 0,
    });
    // One warm-up cycle so lazily created things (the bridge, runtime root, cgroup parents) exist before counting.
    await cycle(-1);
    await new Promise((r) => setTimeout(r, 500));
    const before = count();

    let next = 0;
    const failures: string[] = [];
    async function cycle(i: number): Promise<void> {
      const c = await api("POST", `/containers/create?name=leak-${i < 0 ? "warm" : i}`, { Image: BUSYBOX, Cmd: ["sleep", "100"] });
      if (c.status !== 201) return void failures.push(`create ${i}: ${c.status} ${c.body}`);
      const id = (JSON.parse(c.body) as { Id: string }).Id;
      ids.add(id);
      // Every 5th cycle also copies out of the container running and stopped (docker cp mounts a stopped
      // container's overlay for the call) and diffs it.
      const extra = i % 5 === 0 ? ([["HEAD", `/containers/${id}/archive?path=/etc/passwd`, 200], ["GET", `/containers/${id}/changes`, 200]] as const) : [];
      const stoppedExtra = [...(i % 5 === 0 ? ([["GET", `/containers/${id}/archive?path=/etc/passwd`, 200]] as const) : []), ...(i % 25 === 0 ? ([["GET", `/containers/${id}/export`, 200]] as const) : [])];
      for (const [m, p, ok] of [["POST", `/containers/${id}/start`, 204], ...extra, ["POST", `/containers/${id}/stop?t=0`, 204], ...stoppedExtra, ["DELETE", `/containers/${id}`, 204]] as const) {
        const r = await api(m, p);
        if (r.status !== ok) return void failures.push(`${p} ${i}: ${r.status} ${r.body}`);
      }
    }
    await Promise.all(
      Array.from({ length: PARALLEL }, async () => {
        while (next < CYCLES) await cycle(next++);
      }),
    );
    expect(failures).toEqual([]);
    expect(ids.size).toBe(CYCLES + 1);
    // Exits are handled asynchronously (shim EXIT → unmount → state dir): give the last ones a moment.
    const settled = (c: ReturnType<typeof count>) => JSON.stringify({ ...c, fds: 0 }) === JSON.stringify({ ...before, fds: 0 }) && c.fds <= before.fds;
    await waitFor("counts back to the baseline", async () => (settled(count()) ? true : undefined), { timeoutMs: 10_000 }).catch(() => {});
    const after = count();
    // Open fds may be fewer than at the baseline (an idle connection closed since), never more.
    expect({ ...after, fds: Math.max(after.fds, before.fds) }).toEqual(before);
    expect(after.shims).toBe(0);
    expect((await api("GET", "/containers/json?all=1")).body).toBe("[]");
  }, 240_000);
});

function safeRead(p: string): string {
  try {
    return readFileSync(p, "utf8");
  } catch {
    return "";
  }
}

/** Entries under a dir, recursively (files and dirs), without following symlinks. */
function walkCount(dir: string): number {
  let n = 0;
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return 0;
  }
  for (const name of names) {
    n++;
    const p = join(dir, name);
    try {
      if (readdirSync(p, { withFileTypes: false })) n += walkCount(p);
    } catch {
      /* a file */
    }
  }
  return n;
}
