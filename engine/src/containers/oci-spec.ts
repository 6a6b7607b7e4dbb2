// OCI runtime config.json (runtime-spec config.md, config-linux.md) from a container record: process from the
// merged image config + create overrides, Docker's default capability set, masked/read-only paths and default
// mounts (moby oci/defaults.go), resources from HostConfig, and /etc/hosts, /etc/hostname, /etc/resolv.conf bind
// mounted from the container dir. Networking: "host" shares the host's net namespace; everything else gets its
// own net namespace with only loopback (NetworkMode "none" semantics until the network subsystem lands).
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { invalidArgument } from "../errors.js";
import type { ContainerRecord } from "./container-record.js";
import type { OciMount } from "./container-hooks.js";
import { parseSecurityOpt, seccompForContainer } from "./security-opt.js";

/** moby's default capabilities (oci/caps/defaults.go). */
export const DEFAULT_CAPABILITIES = [
  "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER", "CAP_MKNOD", "CAP_NET_RAW", "CAP_SETGID", "CAP_SETUID",
  "CAP_SETFCAP", "CAP_SETPCAP", "CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT", "CAP_KILL", "CAP_AUDIT_WRITE",
] as const;

/** Every capability by its number (linux/capability.h), the names `--cap-add`/`--cap-drop` accept. */
export const ALL_CAPABILITIES = [
  "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH", "CAP_FOWNER", "CAP_FSETID", "CAP_KILL", "CAP_SETGID", "CAP_SETUID",
  "CAP_SETPCAP", "CAP_LINUX_IMMUTABLE", "CAP_NET_BIND_SERVICE", "CAP_NET_BROADCAST", "CAP_NET_ADMIN", "CAP_NET_RAW",
  "CAP_IPC_LOCK", "CAP_IPC_OWNER", "CAP_SYS_MODULE", "CAP_SYS_RAWIO", "CAP_SYS_CHROOT", "CAP_SYS_PTRACE", "CAP_SYS_PACCT",
  "CAP_SYS_ADMIN", "CAP_SYS_BOOT", "CAP_SYS_NICE", "CAP_SYS_RESOURCE", "CAP_SYS_TIME", "CAP_SYS_TTY_CONFIG", "CAP_MKNOD",
  "CAP_LEASE", "CAP_AUDIT_WRITE", "CAP_AUDIT_CONTROL", "CAP_SETFCAP", "CAP_MAC_OVERRIDE", "CAP_MAC_ADMIN", "CAP_SYSLOG",
  "CAP_WAKE_ALARM", "CAP_BLOCK_SUSPEND", "CAP_AUDIT_READ", "CAP_PERFMON", "CAP_BPF", "CAP_CHECKPOINT_RESTORE",
] as const;

let kernelCapabilities: string[] | undefined;
/** What `--privileged` and `--cap-add ALL` grant: every capability this kernel knows (moby GetAllCapabilities reads
 * cap_last_cap too), so an older kernel is never asked for a capability it does not have. */
export function knownCapabilities(): string[] {
  if (!kernelCapabilities) {
    let last = ALL_CAPABILITIES.length - 1;
    try {
      last = Math.min(last, Number(readFileSync("/proc/sys/kernel/cap_last_cap", "utf8").trim()));
    } catch {
      /* no procfs: assume every capability we know */
    }
    kernelCapabilities = ALL_CAPABILITIES.slice(0, last + 1);
  }
  return kernelCapabilities;
}

const MASKED_PATHS = [
  "/proc/asound", "/proc/acpi", "/proc/kcore", "/proc/keys", "/proc/latency_stats", "/proc/timer_list", "/proc/timer_stats",
  "/proc/sched_debug", "/proc/scsi", "/sys/firmware", "/sys/devices/virtual/powercap",
];
const READONLY_PATHS = ["/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"];

/** Devices every container may use (moby oci/devices_linux.go defaults): null, zero, full, random, urandom, tty, ptmx, pts. */
const DEVICE_RULES = [
  { allow: false, access: "rwm" },
  { allow: true, type: "c", major: 1, minor: 3, access: "rwm" },
  { allow: true, type: "c", major: 1, minor: 5, access: "rwm" },
  { allow: true, type: "c", major: 1, minor: 7, access: "rwm" },
  { allow: true, type: "c", major: 1, minor: 8, access: "rwm" },
  { allow: true, type: "c", major: 1, minor: 9, access: "rwm" },
  { allow: true, type: "c", major: 5, minor: 0, access: "rwm" },
  { allow: true, type: "c", major: 5, minor: 1, access: "rwm" },
  { allow: true, type: "c", major: 5, minor: 2, access: "rwm" },
  { allow: true, type: "c", major: 136, access: "rwm" },
];

const RLIMITS: Record<string, string> = {
  core: "RLIMIT_CORE", cpu: "RLIMIT_CPU", data: "RLIMIT_DATA", fsize: "RLIMIT_FSIZE", locks: "RLIMIT_LOCKS",
  memlock: "RLIMIT_MEMLOCK", msgqueue: "RLIMIT_MSGQUEUE", nice: "RLIMIT_NICE", nofile: "RLIMIT_NOFILE", nproc: "RLIMIT_NPROC",
  rss: "RLIMIT_RSS", rtprio: "RLIMIT_RTPRIO", rttime: "RLIMIT_RTTIME", sigpending: "RLIMIT_SIGPENDING", stack: "RLIMIT_STACK",
  as: "RLIMIT_AS",
};

export interface SpecPaths {
  rootfs: string;
  hostsFile: string;
  hostnameFile: string;
  resolvConfFile: string;
  /** Extra mounts from lifecycle hooks (volumes, binds, tmpfs), after the defaults. */
  mounts?: OciMount[];
  /** Join this network namespace instead of creating one. */
  netnsPath?: string;
  /** Host path of the init binary for HostConfig.Init (daemon --init-path). */
  initPath?: string;
}

/** Where dockerd mounts its init (daemon/oci_linux.go inContainerInitPath); `ps` shows it as docker-init. */
export const INIT_IN_CONTAINER = "/sbin/docker-init";

/** Builds config.json for a container. `lowerDirs` is used to resolve user names from the image's /etc/passwd. */
export function generateSpec(rec: ContainerRecord, paths: SpecPaths): Record<string, unknown> {
  const c = rec.config;
  const h = rec.hostConfig;
  const privileged = h.Privileged === true;
  const hostNet = h.NetworkMode === "host";
  const user = resolveUser(String(c.User ?? ""), rec.lowerDirs);
  const caps = computeCapabilities(privileged, h.CapAdd ?? [], h.CapDrop ?? []);
  // SecurityOpt (security-opt.ts): Docker's default seccomp profile unless unconfined/privileged, no-new-privileges.
  const security = parseSecurityOpt(h.SecurityOpt);
  const seccomp = seccompForContainer(security, privileged, caps);
  const resources: Record<string, unknown> = {
    devices: privileged ? [{ allow: true, access: "rwm" }] : DEVICE_RULES,
  };
  if (h.Memory > 0) resources.memory = { limit: h.Memory, ...(h.MemorySwap ? { swap: h.MemorySwap } : {}) };
  const cpu: Record<string, number> = {};
  if (h.CpuShares > 0) cpu.shares = h.CpuShares;
  if (h.NanoCpus > 0) {
    cpu.period = 100_000;
    cpu.quota = Math.round((h.NanoCpus * 100_000) / 1e9);
  }
  // CpuPeriod/CpuQuota (`--cpu-period`/`--cpu-quota`, `docker update`); dockerd refuses them together with NanoCpus.
  if (h.CpuPeriod > 0) cpu.period = h.CpuPeriod;
  if (h.CpuQuota > 0) cpu.quota = h.CpuQuota;
  if (Object.keys(cpu).length) resources.cpu = cpu;
  if (h.PidsLimit > 0) resources.pids = { limit: h.PidsLimit };

  const mounts: (Record<string, unknown> | OciMount)[] = [
    { destination: "/proc", type: "proc", source: "proc", options: ["nosuid", "noexec", "nodev"] },
    { destination: "/dev", type: "tmpfs", source: "tmpfs", options: ["nosuid", "strictatime", "mode=755", "size=65536k"] },
    { destination: "/dev/pts", type: "devpts", source: "devpts", options: ["nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5"] },
    { destination: "/sys", type: "sysfs", source: "sysfs", options: ["nosuid", "noexec", "nodev", privileged ? "rw" : "ro"] },
    { destination: "/sys/fs/cgroup", type: "cgroup", source: "cgroup", options: ["nosuid", "noexec", "nodev", "relatime", privileged ? "rw" : "ro"] },
    { destination: "/dev/mqueue", type: "mqueue", source: "mqueue", options: ["nosuid", "noexec", "nodev"] },
    { destination: "/dev/shm", type: "tmpfs", source: "shm", options: ["nosuid", "noexec", "nodev", "mode=1777", "size=67108864"] },
    { destination: "/etc/resolv.conf", type: "bind", source: paths.resolvConfFile, options: ["rbind", "rprivate"] },
    { destination: "/etc/hostname", type: "bind", source: paths.hostnameFile, options: ["rbind", "rprivate"] },
    { destination: "/etc/hosts", type: "bind", source: paths.hostsFile, options: ["rbind", "rprivate"] },
    ...(paths.mounts ?? []),
  ];
  // --init: the init runs as PID 1 in front of the command (forwards signals, reaps zombies), bind-mounted
  // read-only like dockerd does.
  const init = h.Init === true && paths.initPath !== undefined;
  if (init) mounts.push({ destination: INIT_IN_CONTAINER, type: "bind", source: paths.initPath!, options: ["bind", "ro"] });

  const namespaces = [{ type: "mount" }, { type: "uts" }, { type: "pid" }, { type: "ipc" }, ...(hostNet ? [] : [{ type: "network", ...(paths.netnsPath ? { path: paths.netnsPath } : {}) }])];

  return {
    ociVersion: "1.0.2",
    process: {
      terminal: c.Tty === true,
      ...(c.Tty === true && Array.isArray(h.ConsoleSize) && h.ConsoleSize[0] > 0 ? { consoleSize: { height: h.ConsoleSize[0], width: h.ConsoleSize[1] } } : {}),
      user,
      args: init ? [INIT_IN_CONTAINER, "--", rec.path, ...rec.args] : [rec.path, ...rec.args],
      env: c.Env ?? [],
      cwd: c.WorkingDir || "/",
      capabilities: { bounding: caps, effective: caps, permitted: caps, inheritable: [], ambient: [] },
      rlimits: (h.Ulimits ?? []).map((u: { Name: string; Soft: number; Hard: number }) => ({ type: RLIMITS[u.Name], soft: u.Soft, hard: u.Hard })),
      noNewPrivileges: security.noNewPrivileges,
    },
    root: { path: paths.rootfs, readonly: h.ReadonlyRootfs === true },
    hostname: String(c.Hostname ?? ""),
    mounts,
    linux: {
      cgroupsPath: `/wharf/${rec.id}`,
      resources,
      namespaces,
      ...(Object.keys(h.Sysctls ?? {}).length ? { sysctl: h.Sysctls } : {}),
      ...(privileged ? {} : { maskedPaths: MASKED_PATHS, readonlyPaths: READONLY_PATHS }),
      ...(seccomp ? { seccomp } : {}),
    },
  };
}

/** Docker's --cap-add/--cap-drop: names with or without CAP_, "ALL" allowed on either side. */
export function computeCapabilities(privileged: boolean, add: string[], drop: string[]): string[] {
  if (privileged) return [...knownCapabilities()];
  const norm = (c: string) => {
    const u = c.toUpperCase();
    if (u === "ALL") return u;
    const n = u.startsWith("CAP_") ? u : `CAP_${u}`;
    if (!(ALL_CAPABILITIES as readonly string[]).includes(n)) throw invalidArgument(`invalid capability: ${c}`);
    return n;
  };
  const adds = add.map(norm);
  const drops = drop.map(norm);
  let caps: string[] = adds.includes("ALL") ? [...knownCapabilities()] : [...DEFAULT_CAPABILITIES];
  if (drops.includes("ALL")) caps = [];
  caps = caps.filter((c) => !drops.includes(c));
  for (const a of adds) if (a !== "ALL" && !caps.includes(a)) caps.push(a);
  return caps;
}

/** Resolves Config.User ("", "uid", "uid:gid", "name", "name:group") against the image's /etc/passwd and /etc/group. */
export function resolveUser(user: string, lowerDirs: string[]): { uid: number; gid: number; additionalGids?: number[] } {
  const [u, g] = (user || "0").split(":", 2) as [string, string | undefined];
  const passwd = readImageFile(lowerDirs, "etc/passwd");
  const group = readImageFile(lowerDirs, "etc/group");
  let uid: number;
  let gid: number | undefined;
  let userName: string | undefined;
  if (/^\d+$/.test(u)) {
    uid = Number(u);
    const row = passwd.find((r) => r[2] === u);
    if (row) [gid, userName] = [Number(row[3]), row[0]];
  } else {
    const row = passwd.find((r) => r[0] === u);
    if (!row) throw invalidArgument(`unable to find user ${u}: no matching entries in passwd file`);
    uid = Number(row[2]);
    gid = Number(row[3]);
    userName = u;
  }
  if (g !== undefined) {
    if (/^\d+$/.test(g)) gid = Number(g);
    else {
      const row = group.find((r) => r[0] === g);
      if (!row) throw invalidArgument(`unable to find group ${g}: no matching entries in group file`);
      gid = Number(row[2]);
    }
  }
  // runc's user lookup: the primary gid plus every group listing the user by name (no group file: just gid).
  const primary = gid ?? 0;
  const extra = g === undefined && userName ? group.filter((r) => (r[3] ?? "").split(",").includes(userName)).map((r) => Number(r[2])) : [];
  return { uid, gid: primary, additionalGids: [...new Set([primary, ...extra])] };
}

function readImageFile(lowerDirs: string[], rel: string): string[][] {
  for (const d of lowerDirs) {
    const p = join(d, rel);
    if (existsSync(p)) return readFileSync(p, "utf8").split("\n").filter((l) => l && !l.startsWith("#")).map((l) => l.split(":"));
  }
  return [];
}
