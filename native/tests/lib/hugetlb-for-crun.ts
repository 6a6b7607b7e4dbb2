// crun 1.8.1 refuses a hybrid cgroup host while hugetlb is still attached to the cgroup2 hierarchy
// (/work/shared/host-notes.md): tests and benchmarks that run crun mount hugetlb as its own v1 hierarchy for the
// time crun runs, and undo exactly that. One implementation for the runtime table, the shim table, the engine's
// --runtime crun test and the benchmarks.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmdirSync } from "node:fs";

const HUGETLB_V1 = "/sys/fs/cgroup/hugetlb";

function isMountpoint(path: string): boolean {
  return readFileSync("/proc/self/mountinfo", "utf8")
    .split("\n")
    .some((line) => line.split(" ")[4] === path);
}

/** True on a hybrid host: v1 controllers plus cgroup2 at /sys/fs/cgroup/unified (this VM). */
export function isHybridCgroupHost(): boolean {
  return isMountpoint("/sys/fs/cgroup/unified") && isMountpoint("/sys/fs/cgroup/memory");
}

const sleepSync = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/**
 * Mounts hugetlb as a v1 hierarchy when this host is hybrid and it is not mounted yet; returns how to undo exactly
 * that. The undo first removes the empty `wharf` parent crun leaves (an unmounted v1 hierarchy with a child cgroup
 * lives on, and dockerd 20.10 then reports zero stats), then unmounts, retrying for a few seconds: a daemon that
 * reads the hierarchy at that moment makes umount briefly busy.
 */
export function prepareHostForCrun(): () => void {
  if (!isHybridCgroupHost() || isMountpoint(HUGETLB_V1)) return () => {};
  const madeDir = !existsSync(HUGETLB_V1);
  if (madeDir) mkdirSync(HUGETLB_V1);
  execFileSync("mount", ["-t", "cgroup", "-o", "hugetlb", "cgroup", HUGETLB_V1]);
  return () => {
    try {
      rmdirSync(`${HUGETLB_V1}/wharf`);
    } catch {
      /* not there, or a container of some wharfd still uses it */
    }
    for (let i = 0; ; i++) {
      try {
        execFileSync("umount", [HUGETLB_V1], { stdio: "pipe" });
        break;
      } catch (err) {
        if (i === 30) throw err;
        sleepSync(200);
      }
    }
    if (madeDir) rmdirSync(HUGETLB_V1);
  };
}
