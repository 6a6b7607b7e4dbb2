// The OCI runtimes every shim test runs against, and the host preparation one of them needs.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmdirSync } from "node:fs";
import { fileURLToPath } from "node:url";

export const WHARF_RUNTIME = fileURLToPath(new URL("../../build/wharf-runtime", import.meta.url));

/** Runtimes in the table: Debian's runc and crun, and Wharf's own once it passes these tests. */
export const SHIM_RUNTIMES = [
  { name: "runc", path: "/usr/sbin/runc" },
  { name: "crun", path: "/usr/bin/crun" },
  { name: "wharf-runtime", path: WHARF_RUNTIME },
] as const;

export type ShimRuntime = (typeof SHIM_RUNTIMES)[number] | { name: string; path: string };

const HUGETLB_V1 = "/sys/fs/cgroup/hugetlb";

function isMountpoint(path: string): boolean {
  return readFileSync("/proc/self/mountinfo", "utf8")
    .split("\n")
    .some((line) => line.split(" ")[4] === path);
}

/**
 * crun 1.8 refuses a hybrid cgroup host while hugetlb is still bound to the cgroup2 hierarchy (host-notes.md).
 * Mounts hugetlb as a v1 hierarchy when this host is hybrid and it is not yet; returns how to undo exactly that.
 */
export function prepareHybridCgroupsForCrun(): () => void {
  const hybrid = isMountpoint("/sys/fs/cgroup/unified") && isMountpoint("/sys/fs/cgroup/memory");
  if (!hybrid || isMountpoint(HUGETLB_V1)) return () => {};
  const madeDir = !existsSync(HUGETLB_V1);
  if (madeDir) mkdirSync(HUGETLB_V1);
  execFileSync("mount", ["-t", "cgroup", "-o", "hugetlb", "cgroup", HUGETLB_V1]);
  return () => {
    execFileSync("umount", [HUGETLB_V1]);
    if (madeDir) rmdirSync(HUGETLB_V1);
  };
}
