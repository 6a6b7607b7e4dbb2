// The runtimes the runtime tests run against side by side: Wharf's own and Debian's runc and crun, which are
// the reference implementations of the same command line. Also builds wharf-runtime and prepares the host.
import { execFileSync } from "node:child_process";
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

