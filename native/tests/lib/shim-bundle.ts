// OCI bundles for shim tests: config.json over a shared read-only busybox rootfs (runtime-spec config.md).
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export type BundleOptions = { args: string[]; tty?: boolean };

/** Writes DIR/config.json for a container running `args` in the busybox rootfs at `rootfs` (absolute). */
export function writeShimBundle(dir: string, rootfs: string, opts: BundleOptions): string {
  mkdirSync(dir, { recursive: true });
  const config = {
    ociVersion: "1.0.2",
    process: {
      terminal: opts.tty ?? false,
      user: { uid: 0, gid: 0 },
      args: opts.args,
      env: ["PATH=/bin", "TERM=xterm", "HOME=/root"],
      cwd: "/",
      capabilities: {
        bounding: ["CAP_KILL", "CAP_CHOWN", "CAP_SETUID", "CAP_SETGID"],
        effective: ["CAP_KILL", "CAP_CHOWN", "CAP_SETUID", "CAP_SETGID"],
        permitted: ["CAP_KILL", "CAP_CHOWN", "CAP_SETUID", "CAP_SETGID"],
      },
      noNewPrivileges: true,
    },
    root: { path: rootfs, readonly: true },
    hostname: "shim-test",
    mounts: [
      { destination: "/proc", type: "proc", source: "proc" },
      { destination: "/dev", type: "tmpfs", source: "tmpfs", options: ["nosuid", "strictatime", "mode=755", "size=65536k"] },
      { destination: "/dev/pts", type: "devpts", source: "devpts", options: ["nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620"] },
      { destination: "/tmp", type: "tmpfs", source: "tmpfs", options: ["nosuid", "nodev", "mode=1777"] },
      { destination: "/sys", type: "sysfs", source: "sysfs", options: ["nosuid", "noexec", "nodev", "ro"] },
    ],
    linux: {
      namespaces: [{ type: "pid" }, { type: "ipc" }, { type: "uts" }, { type: "mount" }, { type: "network" }],
      maskedPaths: ["/proc/kcore", "/proc/keys", "/proc/timer_list", "/sys/firmware"],
      readonlyPaths: ["/proc/sys", "/proc/sysrq-trigger"],
    },
  };
  writeFileSync(join(dir, "config.json"), JSON.stringify(config, null, 2));
  return dir;
}
