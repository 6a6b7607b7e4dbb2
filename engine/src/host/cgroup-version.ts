// Which cgroup layout the host has, detected once at start: a pure v2 host has cgroup.controllers at the root;
// a hybrid or v1 host (like this CI machine: v2 mounted at /sys/fs/cgroup/unified with no controllers) is "1".
import { existsSync } from "node:fs";

export type CgroupVersion = "1" | "2";

export function detectCgroupVersion(root = "/sys/fs/cgroup"): CgroupVersion {
  return existsSync(`${root}/cgroup.controllers`) ? "2" : "1";
}
