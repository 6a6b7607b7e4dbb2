// The runtimes the runtime tests run against side by side: Wharf's own and Debian's runc and crun, which are
// the reference implementations of the same command line. Also builds wharf-runtime and prepares the host.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmdirSync } from "node:fs";
import { fileURLToPath } from "node:url";

export const NATIVE_DIR = fileURLToPath(new URL("../..", import.meta.url));
export const WHARF_RUNTIME_PATH = fileURLToPath(new URL("../../build/wharf-runtime", import.meta.url));

export const RUNTIMES = [
  { name: "wharf", path: WHARF_RUNTIME_PATH },
  { name: "runc", path: "/usr/sbin/runc" },
  { name: "crun", path: "/usr/bin/crun" },
] as const;

export type RuntimeName = (typeof RUNTIMES)[number]["name"];
export type Runtime = (typeof RUNTIMES)[number];

/** Builds native/ (wharf-runtime and wharf-shim) with the system compiler; throws with make's output on error. */
export function buildWharfRuntime(): void {
  execFileSync("make", ["-C", NATIVE_DIR, "-s"], { stdio: "pipe" });
}

function isMountpoint(path: string): boolean {
  return readFileSync("/proc/self/mountinfo", "utf8")
    .split("\n")
    .some((line) => line.split(" ")[4] === path);
}

/** True on a hybrid host: v1 controllers plus cgroup2 at /sys/fs/cgroup/unified (this VM). */
export function isHybridCgroupHost(): boolean {
  return isMountpoint("/sys/fs/cgroup/unified") && isMountpoint("/sys/fs/cgroup/memory");
}

/**
 * crun 1.8.1 refuses a hybrid host while hugetlb is still attached to the cgroup2 hierarchy (host-notes.md):
 * mount hugetlb as its own v1 hierarchy when needed. Returns how to undo exactly what was done.
 */
export function prepareHostForCrun(): () => void {
  const dir = "/sys/fs/cgroup/hugetlb";
  if (!isHybridCgroupHost() || isMountpoint(dir)) return () => {};
  const madeDir = !existsSync(dir);
  if (madeDir) mkdirSync(dir);
  execFileSync("mount", ["-t", "cgroup", "-o", "hugetlb", "cgroup", dir]);
  return () => {
    execFileSync("umount", [dir]);
    if (madeDir) rmdirSync(dir);
  };
}
