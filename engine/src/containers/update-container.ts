// POST /containers/{id}/update (`docker update`): resources (Memory, MemorySwap, CpuShares, NanoCpus, CpuQuota,
// CpuPeriod, PidsLimit) and RestartPolicy, checked and merged as dockerd 20.10 does (daemon/update.go,
// container/container_unix.go UpdateContainer, verifyPlatformContainerResources), persisted in HostConfig (so the
// next start's config.json has them) and applied live to a running container's cgroup.
//
// Live apply: wharf-runtime has no `update` verb (native/runtime/README.md), so the engine writes the cgroup
// files itself with writeCgroupLimits(): the same files and units the runtime writes at create (cgroup v1
// memory/cpu/pids hierarchies under /wharf/<id>, or the v2 unified dir). The order matters on v1: the kernel
// refuses memory.limit_in_bytes above memory.memsw.limit_in_bytes, so when raising, memsw goes first.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { EngineError, invalidArgument } from "../errors.js";
import type { ContainerRecord } from "./container-record.js";
import { validateRestartPolicy } from "./restart-policy.js";

/* eslint-disable @typescript-eslint/no-explicit-any */
const RESOURCE_KEYS = ["Memory", "MemorySwap", "CpuShares", "NanoCpus", "CpuQuota", "CpuPeriod", "PidsLimit"] as const;
const MIN_MEMORY = 6 * 1024 * 1024;

export interface ResourceUpdate {
  Memory?: number;
  MemorySwap?: number;
  CpuShares?: number;
  NanoCpus?: number;
  CpuQuota?: number;
  CpuPeriod?: number;
  PidsLimit?: number | null;
  RestartPolicy?: { Name?: string; MaximumRetryCount?: number };
}

/** Request-level checks (400s), before the container is looked at. */
export function validateUpdate(body: Record<string, any>): ResourceUpdate {
  for (const k of RESOURCE_KEYS) {
    const v = body[k];
    if (v !== undefined && v !== null && (typeof v !== "number" || !Number.isInteger(v))) throw invalidArgument(`json: cannot unmarshal ${typeof v} into Go struct field UpdateConfig.${k} of type int64`);
  }
  // Fields dockerd updates that wharfd does not apply anywhere yet: refused, never ignored.
  for (const k of ["CpusetCpus", "CpusetMems", "BlkioWeight", "MemoryReservation", "KernelMemory", "CpuRealtimePeriod", "CpuRealtimeRuntime"]) {
    if (body[k] !== undefined && body[k] !== null && body[k] !== 0 && body[k] !== "") throw invalidArgument(`updating ${k} is not supported by wharfd yet`);
  }
  const u = body as ResourceUpdate;
  const mem = u.Memory ?? 0;
  const swap = u.MemorySwap ?? 0;
  if (mem !== 0 && mem < MIN_MEMORY) throw invalidArgument("Minimum memory limit allowed is 6MB");
  if (mem > 0 && swap > 0 && swap < mem) throw invalidArgument("Minimum memoryswap limit should be larger than memory limit, see usage");
  const nano = u.NanoCpus ?? 0;
  if (nano > 0 && (u.CpuPeriod ?? 0) > 0) throw invalidArgument("Conflicting options: Nano CPUs and CPU Period cannot both be set");
  if (nano > 0 && (u.CpuQuota ?? 0) > 0) throw invalidArgument("Conflicting options: Nano CPUs and CPU Quota cannot both be set");
  const ncpu = cpus().length;
  if (nano < 0 || nano > ncpu * 1e9) throw invalidArgument(`Range of CPUs is from 0.01 to ${ncpu}.00, as there are only ${ncpu} CPUs available`);
  const period = u.CpuPeriod ?? 0;
  if (period !== 0 && (period < 1000 || period > 1_000_000)) throw invalidArgument("CPU cfs period can not be less than 1ms (i.e. 1000) or larger than 1s (i.e. 1000000)");
  const quota = u.CpuQuota ?? 0;
  if (quota > 0 && quota < 1000) throw invalidArgument("CPU cfs quota can not be less than 1ms (i.e. 1000)");
  if ((u.CpuShares ?? 0) < 0) throw invalidArgument(`invalid CPU shares (${u.CpuShares}): value must be a positive integer`);
  if (u.RestartPolicy && u.RestartPolicy.Name) validateRestartPolicy(u.RestartPolicy, false);
  return u;
}

/**
 * Merges the update into the record's HostConfig (non-zero fields replace), refusing what clashes with the
 * current settings with dockerd's 409 "Cannot update container <id>: …". Returns the new HostConfig; the record is
 * not touched (the caller saves it once the live apply succeeded).
 */
export function mergeUpdate(rec: ContainerRecord, u: ResourceUpdate): Record<string, any> {
  const cur = rec.hostConfig;
  const refuse = (why: string) => new EngineError("Conflict", `Cannot update container ${rec.id}: ${why}`, { object: rec.id });
  if (rec.state.status === "removing" || rec.state.status === "dead") throw refuse('container is marked for removal and cannot be "update"');
  const nano = u.NanoCpus ?? 0;
  if (nano > 0 && (cur.CpuPeriod ?? 0) > 0) throw refuse("Conflicting options: Nano CPUs cannot be updated as CPU Period has already been set");
  if (nano > 0 && (cur.CpuQuota ?? 0) > 0) throw refuse("Conflicting options: Nano CPUs cannot be updated as CPU Quota has already been set");
  if ((u.CpuPeriod ?? 0) > 0 && (cur.NanoCpus ?? 0) > 0) throw refuse("Conflicting options: CPU Period cannot be updated as NanoCPUs has already been set");
  if ((u.CpuQuota ?? 0) > 0 && (cur.NanoCpus ?? 0) > 0) throw refuse("Conflicting options: CPU Quota cannot be updated as NanoCPUs has already been set");
  const next: Record<string, any> = { ...cur };
  if (u.CpuShares) next.CpuShares = u.CpuShares;
  if (u.NanoCpus) next.NanoCpus = u.NanoCpus;
  if (u.CpuPeriod) next.CpuPeriod = u.CpuPeriod;
  if (u.CpuQuota) next.CpuQuota = u.CpuQuota;
  if (u.Memory) {
    // dockerd compares with the current swap limit (0 when none): a new memory limit needs a swap limit with it.
    if (u.Memory > (cur.MemorySwap ?? 0) && !u.MemorySwap) throw refuse("Memory limit should be smaller than already set memoryswap limit, update the memoryswap at the same time");
    next.Memory = u.Memory;
  }
  if (u.MemorySwap) next.MemorySwap = u.MemorySwap;
  if (u.PidsLimit !== undefined && u.PidsLimit !== null) next.PidsLimit = u.PidsLimit <= 0 ? 0 : u.PidsLimit;
  if (u.RestartPolicy?.Name) {
    if (cur.AutoRemove && u.RestartPolicy.Name !== "no") throw refuse("Restart policy cannot be updated because AutoRemove is enabled for the container");
    next.RestartPolicy = { Name: u.RestartPolicy.Name, MaximumRetryCount: u.RestartPolicy.MaximumRetryCount ?? 0 };
  }
  return next;
}

/** The cgroup dirs of a container (cgroupsPath /wharf/<id>) on a v1 or v2 host. */
export function cgroupDirs(id: string, root = "/sys/fs/cgroup"): { v2: boolean; memory: string; cpu: string; pids: string } {
  if (existsSync(`${root}/cgroup.controllers`)) {
    const d = `${root}/wharf/${id}`;
    return { v2: true, memory: d, cpu: d, pids: d };
  }
  const cpuDir = [`${root}/cpu/wharf/${id}`, `${root}/cpu,cpuacct/wharf/${id}`].find(existsSync) ?? `${root}/cpu/wharf/${id}`;
  return { v2: false, memory: `${root}/memory/wharf/${id}`, cpu: cpuDir, pids: `${root}/pids/wharf/${id}` };
}

function write(dir: string, file: string, value: string): void {
  try {
    writeFileSync(`${dir}/${file}`, value);
  } catch (err) {
    throw new EngineError("Internal", `failed to write "${value}": write ${dir}/${file}: ${(err as NodeJS.ErrnoException).code === "EINVAL" ? "invalid argument" : (err as Error).message}`);
  }
}

/**
 * Writes the limits the update changed into a running container's cgroup (the runtime's `update` equivalent).
 * Only fields present (non-zero) in the update are written, as runc update does.
 */
export function writeCgroupLimits(id: string, u: ResourceUpdate, merged: Record<string, any>, root = "/sys/fs/cgroup"): void {
  const d = cgroupDirs(id, root);
  const mem = u.Memory || 0;
  const swap = u.MemorySwap || 0;
  if (d.v2) {
    if (mem) write(d.memory, "memory.max", String(mem));
    if (swap) write(d.memory, "memory.swap.max", swap < 0 ? "max" : String(Math.max(0, swap - (merged.Memory || 0))));
    // runc's (and wharf-runtime's) shares → weight conversion, integer division.
    if (u.CpuShares) write(d.cpu, "cpu.weight", String(1 + Math.floor(((u.CpuShares - 2) * 9999) / 262142)));
    if (u.NanoCpus) write(d.cpu, "cpu.max", `${Math.round((u.NanoCpus * 100_000) / 1e9)} 100000`);
    if (u.CpuQuota || u.CpuPeriod) write(d.cpu, "cpu.max", `${merged.CpuQuota > 0 ? merged.CpuQuota : "max"} ${merged.CpuPeriod || 100_000}`);
  } else {
    if (mem || swap) {
      const memsw = `${d.memory}/memory.memsw.limit_in_bytes`;
      const hasSwap = existsSync(memsw);
      const current = Number(readFileSync(`${d.memory}/memory.limit_in_bytes`, "utf8").trim());
      // Raising above the current memsw needs memsw first; lowering needs memory first.
      const swapValue = swap ? String(swap) : undefined;
      if (hasSwap && swapValue && (mem === 0 || mem > current)) {
        write(d.memory, "memory.memsw.limit_in_bytes", swapValue);
        if (mem) write(d.memory, "memory.limit_in_bytes", String(mem));
      } else {
        if (mem) write(d.memory, "memory.limit_in_bytes", String(mem));
        if (hasSwap && swapValue) write(d.memory, "memory.memsw.limit_in_bytes", swapValue);
      }
    }
    if (u.CpuShares) write(d.cpu, "cpu.shares", String(u.CpuShares));
    if (u.NanoCpus) {
      write(d.cpu, "cpu.cfs_period_us", "100000");
      write(d.cpu, "cpu.cfs_quota_us", String(Math.round((u.NanoCpus * 100_000) / 1e9)));
    }
    if (u.CpuPeriod) write(d.cpu, "cpu.cfs_period_us", String(u.CpuPeriod));
    if (u.CpuQuota) write(d.cpu, "cpu.cfs_quota_us", String(u.CpuQuota));
  }
  if (u.PidsLimit !== undefined && u.PidsLimit !== null && u.PidsLimit !== 0) write(d.pids, "pids.max", u.PidsLimit < 0 ? "max" : String(u.PidsLimit));
}
