import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type ContainerRecord, initialState } from "./container-record.js";
import { mergeUpdate, validateUpdate, writeCgroupLimits } from "./update-container.js";

const rec = (hostConfig: Record<string, unknown>): ContainerRecord => ({
  id: "c".repeat(64), name: "/u", created: "", imageName: "x", imageId: "sha256:x", lowerDirs: [], config: {}, hostConfig,
  path: "sh", args: [], state: { ...initialState(), status: "running" }, restartCount: 0, generation: 1,
});

describe("docker update (dockerd 20.10 daemon/update.go)", () => {
  let dir = "";
  afterEach(() => dir && rmSync(dir, { recursive: true, force: true }));

  it("refuses bad values with dockerd's 400 messages", () => {
    expect(() => validateUpdate({ Memory: 1000 })).toThrow("Minimum memory limit allowed is 6MB");
    expect(() => validateUpdate({ CpuPeriod: 100 })).toThrow("CPU cfs period can not be less than 1ms (i.e. 1000) or larger than 1s (i.e. 1000000)");
    expect(() => validateUpdate({ NanoCpus: 5e8, CpuQuota: 50000 })).toThrow("Conflicting options: Nano CPUs and CPU Quota cannot both be set");
    expect(() => validateUpdate({ RestartPolicy: { Name: "sometimes" } })).toThrow("invalid restart policy 'sometimes'");
    expect(() => validateUpdate({ Memory: "x" })).toThrow("cannot unmarshal string");
    expect(() => validateUpdate({ CpusetCpus: "0" })).toThrow("updating CpusetCpus is not supported by wharfd yet");
  });

  it("merges non-zero fields; a memory limit above the current swap limit needs a swap limit (409)", () => {
    const r = rec({ Memory: 32 << 20, MemorySwap: 64 << 20, NanoCpus: 0, RestartPolicy: { Name: "no", MaximumRetryCount: 0 } });
    expect(mergeUpdate(r, { Memory: 64 << 20, NanoCpus: 5e8 })).toMatchObject({ Memory: 64 << 20, MemorySwap: 64 << 20, NanoCpus: 5e8 });
    expect(() => mergeUpdate(r, { Memory: 128 << 20 })).toThrow(`Cannot update container ${r.id}: Memory limit should be smaller than already set memoryswap limit`);
    expect(() => mergeUpdate(rec({ NanoCpus: 5e8 }), { CpuQuota: 50000 })).toThrow("CPU Quota cannot be updated as NanoCPUs has already been set");
    expect(() => mergeUpdate(rec({ AutoRemove: true }), { RestartPolicy: { Name: "always" } })).toThrow("Restart policy cannot be updated because AutoRemove is enabled");
    expect(mergeUpdate(r, { PidsLimit: -1 }).PidsLimit).toBe(0);
  });

  it("writes the cgroup v1 files: memory and memsw limits, cfs quota/period for NanoCpus, pids.max", () => {
    dir = mkdtempSync(join(tmpdir(), "wharf-update-"));
    const id = "c".repeat(64);
    for (const c of ["memory", "cpu", "pids"]) mkdirSync(join(dir, c, "wharf", id), { recursive: true });
    const mem = join(dir, "memory/wharf", id);
    writeFileSync(join(mem, "memory.limit_in_bytes"), String(32 << 20));
    writeFileSync(join(mem, "memory.memsw.limit_in_bytes"), String(64 << 20));
    writeCgroupLimits(id, { Memory: 128 << 20, MemorySwap: 256 << 20, NanoCpus: 5e8, PidsLimit: 50 }, {}, dir);
    const read = (p: string) => readFileSync(join(dir, p), "utf8");
    expect([read(`memory/wharf/${id}/memory.limit_in_bytes`), read(`memory/wharf/${id}/memory.memsw.limit_in_bytes`)]).toEqual([String(128 << 20), String(256 << 20)]);
    expect([read(`cpu/wharf/${id}/cpu.cfs_quota_us`), read(`cpu/wharf/${id}/cpu.cfs_period_us`), read(`pids/wharf/${id}/pids.max`)]).toEqual(["50000", "100000", "50"]);
  });

  it("writes the cgroup v2 files: memory.max, memory.swap.max (swap alone), cpu.max, cpu.weight, pids.max", () => {
    dir = mkdtempSync(join(tmpdir(), "wharf-update-"));
    const id = "c".repeat(64);
    writeFileSync(join(dir, "cgroup.controllers"), "cpu memory pids\n");
    mkdirSync(join(dir, "wharf", id), { recursive: true });
    writeCgroupLimits(id, { Memory: 64 << 20, MemorySwap: 128 << 20, NanoCpus: 5e8, CpuShares: 1024, PidsLimit: -1 }, { Memory: 64 << 20 }, dir);
    const read = (f: string) => readFileSync(join(dir, "wharf", id, f), "utf8");
    expect([read("memory.max"), read("memory.swap.max"), read("cpu.max"), read("cpu.weight"), read("pids.max")]).toEqual([String(64 << 20), String(64 << 20), "50000 100000", "39", "max"]);
  });
});
