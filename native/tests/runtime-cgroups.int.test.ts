// Resource limits through cgroups (config-linux.md#control-groups), read back from the host's cgroup files
// and felt from inside the container: OOM kill (exit 137), pids limit (fork fails), cpu and cpuset values.
// Runs on whatever this host has: cgroup v1 here (hybrid), cgroup v2 on most hosts.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cgroupDirs } from "../../tests/harness/host-cgroups.js";
import { RuntimeFixture } from "./lib/runtime-fixture.js";
import { RUNTIMES } from "./lib/runtime-table.js";

const fx = new RuntimeFixture();
beforeAll(() => fx.setUp());
afterAll(() => fx.tearDown());

const V2 = !readFileSync("/proc/self/mountinfo", "utf8").includes(" /sys/fs/cgroup/memory ");

/** Reads a knob from the first hierarchy of `cgroupsPath` that has it. */
function knob(cgroupsPath: string, file: string): string {
  for (const d of cgroupDirs(cgroupsPath)) {
    try {
      return readFileSync(join(d, file), "utf8").trim();
    } catch {
      /* not this hierarchy */
    }
  }
  throw new Error(`no ${file} under ${cgroupsPath}`);
}

describe.each(RUNTIMES)("$name", (runtime) => {
  it("kills the container with SIGKILL when it exceeds its memory limit (exit 137)", async () => {
    const c = fx.prepare(runtime, ["sh", "-c", "echo start; exec tail /dev/zero"], (cfg) => {
      cfg.linux.resources.memory = { limit: 32 * 1024 * 1024, swap: 32 * 1024 * 1024 };
    });
    const r = await fx.run(c);
    expect(r.stdout).toBe("start\n");
    expect(r.code).toBe(137);
    expect(fx.cgroupDirs(c)).toEqual([]);
  });

  it("makes fork fail past the pids limit", async () => {
    const c = fx.prepare(runtime, ["sh", "-c", "for i in 1 2 3 4 5 6 7 8 9 10; do sleep 5 & done; echo forked"], (cfg) => {
      cfg.linux.resources.pids = { limit: 5 };
    });
    const r = await fx.run(c);
    expect(r.stderr).toMatch(/can't fork/);
  });

  it("writes cpu, cpuset, memory and pids limits into the container's cgroup", async () => {
    const c = fx.prepare(runtime, ["sleep", "300"], (cfg) => {
      cfg.linux.resources.memory = { limit: 64 * 1024 * 1024 };
      cfg.linux.resources.cpu = { shares: 512, quota: 20000, period: 100000, cpus: "0", mems: "0" };
      cfg.linux.resources.pids = { limit: 42 };
    });
    expect((await fx.runDetached(c)).code).toBe(0);
    const { pid } = await fx.waitForStatus(c, "running");
    expect(readFileSync(`/proc/${pid}/cgroup`, "utf8")).toContain(c.cgroupsPath);
    expect(knob(c.cgroupsPath, "cpuset.cpus")).toBe("0");
    expect(knob(c.cgroupsPath, "pids.max")).toBe("42");
    if (V2) {
      expect(knob(c.cgroupsPath, "memory.max")).toBe(String(64 * 1024 * 1024));
      expect(knob(c.cgroupsPath, "cpu.max")).toBe("20000 100000");
    } else {
      expect(knob(c.cgroupsPath, "memory.limit_in_bytes")).toBe(String(64 * 1024 * 1024));
      expect(knob(c.cgroupsPath, "cpu.shares")).toBe("512");
      expect(knob(c.cgroupsPath, "cpu.cfs_quota_us")).toBe("20000");
      expect(knob(c.cgroupsPath, "cpu.cfs_period_us")).toBe("100000");
    }
    expect((await fx.exec(runtime, ["delete", "--force", c.id])).code).toBe(0);
    expect(fx.cgroupDirs(c)).toEqual([]);
  });

  it("kill --all signals every process in the cgroup", async () => {
    const c = fx.prepare(runtime, ["sh", "-c", "sleep 300 & sleep 300 & wait"]);
    expect((await fx.runDetached(c)).code).toBe(0);
    await fx.waitForStatus(c, "running");
    await expect.poll(async () => JSON.parse((await fx.exec(runtime, ["ps", "--format", "json", c.id])).stdout).length).toBe(3);
    const pids: number[] = JSON.parse((await fx.exec(runtime, ["ps", "--format", "json", c.id])).stdout);
    expect((await fx.exec(runtime, ["kill", "--all", c.id, "SIGKILL"])).code).toBe(0);
    await expect.poll(() => pids.filter((p) => { try { return !readFileSync(`/proc/${p}/stat`, "utf8").includes(") Z"); } catch { return false; } }).length).toBe(0);
    expect((await fx.waitForStatus(c, "stopped")).status).toBe("stopped");
    expect((await fx.exec(runtime, ["delete", c.id])).code).toBe(0);
  });
});
