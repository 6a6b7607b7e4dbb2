// The OCI runtimes every shim test runs against (crun's host preparation: hugetlb-for-crun.ts).
import { fileURLToPath } from "node:url";

export const WHARF_RUNTIME = fileURLToPath(new URL("../../build/wharf-runtime", import.meta.url));

/** Runtimes in the table: Debian's runc and crun, and Wharf's own once it passes these tests. */
export const SHIM_RUNTIMES = [
  { name: "runc", path: "/usr/sbin/runc" },
  { name: "crun", path: "/usr/bin/crun" },
  { name: "wharf-runtime", path: WHARF_RUNTIME },
] as const;

export type ShimRuntime = (typeof SHIM_RUNTIMES)[number] | { name: string; path: string };

