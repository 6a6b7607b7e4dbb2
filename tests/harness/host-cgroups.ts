// Removing the cgroups containers of a dockerd we started ran in. Works for cgroup v1 (one dir per hierarchy),
// hybrid (v1 + /sys/fs/cgroup/unified) and pure v2: every mounted cgroup/cgroup2 hierarchy is visited.
// rmdir(2) on a cgroup fails with EBUSY while it has processes, so a live cgroup is never destroyed by this.
import { existsSync, readFileSync, readdirSync, rmdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { harnessLog } from "./harness-log.js";

/** Mount points of all cgroup (v1) and cgroup2 hierarchies, from /proc/self/mountinfo. */
export function cgroupMounts(): string[] {
  const out: string[] = [];
  for (const line of readFileSync("/proc/self/mountinfo", "utf8").split("\n")) {
    const [left, right] = line.split(" - ");
    const fstype = right?.split(" ")[0];
    const mountPoint = left?.split(" ")[4];
    if (mountPoint && (fstype === "cgroup" || fstype === "cgroup2")) out.push(mountPoint);
  }
  return out;
}

/** `<hierarchy>/<relPath>` for every hierarchy where that cgroup exists. */
export function cgroupDirs(relPath: string): string[] {
  const rel = relPath.replace(/^\/+/, "");
  return cgroupMounts()
    .map((m) => join(m, rel))
    .filter((d) => existsSync(d));
}

/** Child cgroup names directly under `relPath`, across all hierarchies. */
export function childCgroups(relPath: string): Set<string> {
  const names = new Set<string>();
  for (const d of cgroupDirs(relPath)) {
    for (const n of readdirSync(d)) if (statSync(join(d, n)).isDirectory()) names.add(n);
  }
  return names;
}

/** rmdir's `dir` and every cgroup below it, deepest first. Returns the dirs that could not be removed. */
export function removeCgroupTree(dir: string): string[] {
  const failed: string[] = [];
  const walk = (d: string) => {
    for (const n of readdirSync(d)) {
      const child = join(d, n);
      if (statSync(child).isDirectory()) walk(child);
    }
    try {
      rmdirSync(d);
    } catch (e) {
      failed.push(d);
      harnessLog.warn({ cgroup: d, err: (e as Error).message }, "cannot remove cgroup");
    }
  };
  if (existsSync(dir)) walk(dir);
  return failed;
}

/** The cgroup parent wharfd puts containers under (`/wharf/<id>`, every v1 hierarchy or the v2 root). */
const ENGINE_CGROUP_PARENT = "wharf";

/**
 * Removes wharfd's cgroup parent where it is empty, once the run's engines are gone. rmdir(2) on a cgroup fails
 * unless it has no children and no tasks, so a live engine's containers are never affected.
 */
export function removeEmptyEngineCgroupParents(): void {
  for (const mount of cgroupMounts()) {
    try {
      rmdirSync(join(mount, ENGINE_CGROUP_PARENT));
    } catch {
      /* absent, or not empty */
    }
  }
}
