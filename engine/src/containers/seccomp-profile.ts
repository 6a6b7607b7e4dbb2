// Docker's default seccomp profile (moby profiles/seccomp default.json) and the filtering moby's setupSeccomp
// applies per container: the profile lists rules with `includes`/`excludes` conditions (capabilities in the
// container's bounding set, the daemon's architecture, a minimum kernel), and the OCI spec gets only the rules
// whose conditions hold, plus the architectures of the daemon's archMap entry (runtime-spec config-linux.md#seccomp).
// Custom profiles (`--security-opt seccomp=<file>`, sent by the CLI as the file's content) go through the same
// filter. The data is written as whitespace-separated syscall names to keep the table readable.
import { release } from "node:os";
import { invalidArgument } from "../errors.js";

/* eslint-disable @typescript-eslint/no-explicit-any */

export interface SeccompArg { index: number; value: number; valueTwo?: number; op: string }
/** One rule as the OCI spec carries it (LinuxSyscall). */
export interface LinuxSyscall { names: string[]; action: string; errnoRet?: number; args?: SeccompArg[] }
/** linux.seccomp of config.json. */
export interface LinuxSeccomp {
  defaultAction: string;
  defaultErrnoRet?: number;
  architectures?: string[];
  flags?: string[];
  syscalls?: LinuxSyscall[];
}
interface Filter { caps?: string[]; arches?: string[]; minKernel?: string }
/** A rule as a Docker profile writes it: `name` or `names`, and conditions. */
export interface ProfileSyscall { name?: string; names?: string[]; action: string; errnoRet?: number; args?: SeccompArg[]; includes?: Filter; excludes?: Filter; comment?: string }
export interface SeccompProfile {
  defaultAction?: string;
  defaultErrnoRet?: number;
  architectures?: string[];
  archMap?: { architecture: string; subArchitectures?: string[] | null }[];
  flags?: string[];
  syscalls?: ProfileSyscall[];
}

/** The facts a profile is filtered by. `arch` uses libseccomp's names (amd64, arm64, ...), as the profile's filters do. */
export interface SeccompTarget { capabilities: readonly string[]; arch: string; kernel: string }

const ALLOWED = `
  accept accept4 access adjtimex alarm bind brk cachestat capget capset chdir chmod chown chown32 clock_adjtime
  clock_adjtime64 clock_getres clock_getres_time64 clock_gettime clock_gettime64 clock_nanosleep
  clock_nanosleep_time64 close close_range connect copy_file_range creat dup dup2 dup3 epoll_create epoll_create1
  epoll_ctl epoll_ctl_old epoll_pwait epoll_pwait2 epoll_wait epoll_wait_old eventfd eventfd2 execve execveat exit
  exit_group faccessat faccessat2 fadvise64 fadvise64_64 fallocate fanotify_mark fchdir fchmod fchmodat fchmodat2
  fchown fchown32 fchownat fcntl fcntl64 fdatasync fgetxattr flistxattr flock fork fremovexattr fsetxattr fstat
  fstat64 fstatat64 fstatfs fstatfs64 fsync ftruncate ftruncate64 futex futex_requeue futex_time64 futex_wait
  futex_waitv futex_wake futimesat getcpu getcwd getdents getdents64 getegid getegid32 geteuid geteuid32 getgid
  getgid32 getgroups getgroups32 getitimer getpeername getpgid getpgrp getpid getppid getpriority getrandom
  getresgid getresgid32 getresuid getresuid32 getrlimit get_robust_list getrusage getsid getsockname getsockopt
  get_thread_area gettid gettimeofday getuid getuid32 getxattr getxattrat inotify_add_watch inotify_init
  inotify_init1 inotify_rm_watch io_cancel ioctl io_destroy io_getevents io_pgetevents io_pgetevents_time64
  ioprio_get ioprio_set io_setup io_submit ipc kill landlock_add_rule landlock_create_ruleset landlock_restrict_self
  lchown lchown32 lgetxattr link linkat listen listmount listxattr listxattrat llistxattr _llseek lremovexattr lseek
  lsetxattr lstat lstat64 madvise map_shadow_stack membarrier memfd_create memfd_secret mincore mkdir mkdirat mknod
  mknodat mlock mlock2 mlockall mmap mmap2 mprotect mq_getsetattr mq_notify mq_open mq_timedreceive
  mq_timedreceive_time64 mq_timedsend mq_timedsend_time64 mq_unlink mremap mseal msgctl msgget msgrcv msgsnd msync
  munlock munlockall munmap name_to_handle_at nanosleep newfstatat _newselect open openat openat2 pause pidfd_open
  pidfd_send_signal pipe pipe2 pkey_alloc pkey_free pkey_mprotect poll ppoll ppoll_time64 prctl pread64 preadv
  preadv2 prlimit64 process_mrelease pselect6 pselect6_time64 pwrite64 pwritev pwritev2 read readahead readlink
  readlinkat readv recv recvfrom recvmmsg recvmmsg_time64 recvmsg remap_file_pages removexattr removexattrat rename
  renameat renameat2 restart_syscall riscv_hwprobe rmdir rseq rt_sigaction rt_sigpending rt_sigprocmask
  rt_sigqueueinfo rt_sigreturn rt_sigsuspend rt_sigtimedwait rt_sigtimedwait_time64 rt_tgsigqueueinfo
  sched_getaffinity sched_getattr sched_getparam sched_get_priority_max sched_get_priority_min sched_getscheduler
  sched_rr_get_interval sched_rr_get_interval_time64 sched_setaffinity sched_setattr sched_setparam
  sched_setscheduler sched_yield seccomp select semctl semget semop semtimedop semtimedop_time64 send sendfile
  sendfile64 sendmmsg sendmsg sendto setfsgid setfsgid32 setfsuid setfsuid32 setgid setgid32 setgroups setgroups32
  setitimer setpgid setpriority setregid setregid32 setresgid setresgid32 setresuid setresuid32 setreuid setreuid32
  setrlimit set_robust_list setsid setsockopt set_thread_area set_tid_address setuid setuid32 setxattr setxattrat
  shmat shmctl shmdt shmget shutdown sigaltstack signalfd signalfd4 sigprocmask sigreturn socketcall socketpair
  splice stat stat64 statfs statfs64 statmount statx symlink symlinkat sync sync_file_range syncfs sysinfo tee
  tgkill time timer_create timer_delete timer_getoverrun timer_gettime timer_gettime64 timer_settime timer_settime64
  timerfd_create timerfd_gettime timerfd_gettime64 timerfd_settime timerfd_settime64 times tkill truncate truncate64
  ugetrlimit umask uname unlink unlinkat uretprobe utime utimensat utimensat_time64 utimes vfork vmsplice wait4
  waitid waitpid write writev
`;

const ALLOW = "SCMP_ACT_ALLOW";
const EPERM = 1;
const ENOSYS = 38;
// AF_ALG (38) and AF_VSOCK (40) stay closed: socket(2) is allowed below, at and above them.
const AF_ALG = 38;
const AF_VSOCK = 40;
/** CLONE_NEWNS|NEWUTS|NEWIPC|NEWUSER|NEWPID|NEWNET|NEWCGROUP: clone(2) without CAP_SYS_ADMIN may set none of them. */
const CLONE_NAMESPACE_FLAGS = 0x7e020000;

const allow = (names: string, more: Omit<ProfileSyscall, "names" | "action"> = {}): ProfileSyscall => ({ names: names.trim().split(/\s+/), action: ALLOW, ...more });
const arg0 = (op: string, value: number): SeccompArg[] => [{ index: 0, value, op }];
const withCap = (cap: string, names: string): ProfileSyscall => allow(names, { includes: { caps: [cap] } });
const onArch = (arches: string[], names: string): ProfileSyscall => allow(names, { includes: { arches } });

const ARCH_MAP: [string, string[] | null][] = [
  ["X86_64", ["X86", "X32"]], ["AARCH64", ["ARM"]], ["MIPS64", ["MIPS", "MIPS64N32"]], ["MIPS64N32", ["MIPS", "MIPS64"]],
  ["MIPSEL64", ["MIPSEL", "MIPSEL64N32"]], ["MIPSEL64N32", ["MIPSEL", "MIPSEL64"]], ["S390X", ["S390"]], ["RISCV64", null],
  ["LOONGARCH64", null],
];

/** moby's default profile: deny with EPERM, allow the list, open more per capability and architecture. */
export const DEFAULT_SECCOMP_PROFILE: SeccompProfile = {
  defaultAction: "SCMP_ACT_ERRNO",
  defaultErrnoRet: EPERM,
  archMap: ARCH_MAP.map(([a, subs]) => ({ architecture: `SCMP_ARCH_${a}`, subArchitectures: subs && subs.map((s) => `SCMP_ARCH_${s}`) })),
  syscalls: [
    allow(ALLOWED),
    allow("process_vm_readv process_vm_writev ptrace", { includes: { minKernel: "4.8" } }),
    allow("socket", { args: arg0("SCMP_CMP_LT", AF_ALG) }),
    allow("socket", { args: arg0("SCMP_CMP_EQ", AF_ALG + 1) }),
    allow("socket", { args: arg0("SCMP_CMP_GT", AF_VSOCK) }),
    // personality(2) only for PER_LINUX, PER_LINUX32, UNAME26 variants and the query value 0xffffffff.
    ...[0x0, 0x8, 0x20000, 0x20008, 0xffffffff].map((v) => allow("personality", { args: arg0("SCMP_CMP_EQ", v) })),
    onArch(["ppc64le"], "sync_file_range2 swapcontext"),
    onArch(["arm", "arm64"], "arm_fadvise64_64 arm_sync_file_range sync_file_range2 breakpoint cacheflush set_tls"),
    onArch(["amd64", "x32"], "arch_prctl"),
    onArch(["amd64", "x32", "x86"], "modify_ldt"),
    onArch(["s390", "s390x"], "s390_pci_mmio_read s390_pci_mmio_write s390_runtime_instr"),
    onArch(["riscv64"], "riscv_flush_icache"),
    withCap("CAP_DAC_READ_SEARCH", "open_by_handle_at"),
    withCap("CAP_SYS_ADMIN", `bpf clone clone3 fanotify_init fsconfig fsmount fsopen fspick lookup_dcookie lsm_get_self_attr
      lsm_list_modules lsm_set_self_attr mount mount_setattr move_mount open_tree perf_event_open quotactl quotactl_fd
      setdomainname sethostname setns syslog umount umount2 unshare`),
    // Without CAP_SYS_ADMIN: clone(2) without namespace flags (s390 passes flags as the second argument), and
    // clone3(2) answers ENOSYS so libcs fall back to clone(2), whose flags a filter can see.
    allow("clone", { args: [{ index: 0, value: CLONE_NAMESPACE_FLAGS, valueTwo: 0, op: "SCMP_CMP_MASKED_EQ" }], excludes: { caps: ["CAP_SYS_ADMIN"], arches: ["s390", "s390x"] } }),
    allow("clone", { args: [{ index: 1, value: CLONE_NAMESPACE_FLAGS, valueTwo: 0, op: "SCMP_CMP_MASKED_EQ" }], includes: { arches: ["s390", "s390x"] }, excludes: { caps: ["CAP_SYS_ADMIN"] } }),
    { names: ["clone3"], action: "SCMP_ACT_ERRNO", errnoRet: ENOSYS, excludes: { caps: ["CAP_SYS_ADMIN"] } },
    withCap("CAP_SYS_BOOT", "reboot"),
    withCap("CAP_SYS_CHROOT", "chroot"),
    withCap("CAP_SYS_MODULE", "delete_module init_module finit_module"),
    withCap("CAP_SYS_PACCT", "acct"),
    withCap("CAP_SYS_PTRACE", "kcmp pidfd_getfd process_madvise process_vm_readv process_vm_writev ptrace"),
    withCap("CAP_SYS_RAWIO", "iopl ioperm"),
    withCap("CAP_SYS_TIME", "settimeofday stime clock_settime clock_settime64"),
    withCap("CAP_SYS_TTY_CONFIG", "vhangup"),
    withCap("CAP_SYS_NICE", "get_mempolicy mbind set_mempolicy set_mempolicy_home_node"),
    withCap("CAP_SYSLOG", "syslog"),
    withCap("CAP_BPF", "bpf"),
    withCap("CAP_PERFMON", "perf_event_open"),
  ],
};

/** Node's process.arch → libseccomp's name (moby goToNative), what a profile's `arches` filters compare with. */
const NATIVE_ARCH: Record<string, string> = {
  x64: "amd64", ia32: "x86", arm: "arm", arm64: "arm64", ppc: "ppc", ppc64: "ppc64le", s390: "s390", s390x: "s390x",
  riscv64: "riscv64", loong64: "loong64", mips: "mips", mipsel: "mipsel",
};
/** libseccomp's name → the SCMP_ARCH_ value of the archMap entry to use (moby nativeToSeccomp). */
const SECCOMP_ARCH: Record<string, string> = {
  x86: "X86", amd64: "X86_64", arm: "ARM", arm64: "AARCH64", loong64: "LOONGARCH64", mips64: "MIPS64", mips64n32: "MIPS64N32",
  mipsel64: "MIPSEL64", mipsel64n32: "MIPSEL64N32", mipsel: "MIPSEL", ppc: "PPC", ppc64: "PPC64", ppc64le: "PPC64LE",
  riscv64: "RISCV64", s390: "S390", s390x: "S390X",
};

/** The daemon's own architecture and kernel; capabilities come from the container. */
export function hostSeccompTarget(capabilities: readonly string[]): SeccompTarget {
  return { capabilities, arch: NATIVE_ARCH[process.arch] ?? process.arch, kernel: release() };
}

/**
 * A profile's JSON text (what `--security-opt seccomp=` carries) → the profile, checked as far as dockerd's decoder
 * checks it. Messages start like dockerd's ("Decoding seccomp profile failed: ..."); the parser's detail is Node's.
 */
export function parseSeccompProfile(text: string): SeccompProfile {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (err) {
    throw invalidArgument(`Decoding seccomp profile failed: ${(err as Error).message}`);
  }
  if (v === null) return {}; // encoding/json decodes null into an empty struct
  if (typeof v !== "object" || Array.isArray(v)) throw decodeError(jsonType(v), "Go value of type seccomp.Seccomp");
  const p = v as Record<string, any>;
  expectType(p.defaultAction, "string", "Seccomp.defaultAction", "specs.LinuxSeccompAction");
  expectType(p.defaultErrnoRet, "number", "Seccomp.defaultErrnoRet", "uint");
  expectArray(p.architectures, "string", "Seccomp.architectures", "specs.Arch");
  expectArray(p.flags, "string", "Seccomp.flags", "specs.LinuxSeccompFlag");
  expectArray(p.archMap, "object", "Seccomp.archMap", "seccomp.Architecture");
  expectArray(p.syscalls, "object", "Seccomp.syscalls", "seccomp.Syscall");
  for (const s of (p.syscalls ?? []) as Record<string, any>[]) {
    if (s === null) continue;
    expectType(s.name, "string", "Syscall.name", "string");
    expectArray(s.names, "string", "Syscall.names", "string");
    expectType(s.action, "string", "Syscall.action", "specs.LinuxSeccompAction");
    expectType(s.errnoRet, "number", "Syscall.errnoRet", "uint");
    expectArray(s.args, "object", "Syscall.args", "specs.LinuxSeccompArg");
  }
  return p as SeccompProfile;
}

/**
 * moby's setupSeccomp: the rules whose includes/excludes hold for this container, and the architectures of the
 * daemon's archMap entry. Undefined when the profile has neither a default action nor rules (seccomp off).
 */
export function resolveSeccompProfile(profile: SeccompProfile, target: SeccompTarget): LinuxSeccomp | undefined {
  if (!profile.defaultAction && !(profile.syscalls ?? []).length) return undefined;
  if ((profile.architectures ?? []).length && (profile.archMap ?? []).length) {
    throw invalidArgument("'architectures' and 'archMap' were specified in the seccomp profile, use either 'architectures' or 'archMap'");
  }
  const out: LinuxSeccomp = { defaultAction: profile.defaultAction ?? "" };
  if (profile.defaultErrnoRet !== undefined) out.defaultErrnoRet = profile.defaultErrnoRet;
  const architectures = [...(profile.architectures ?? [])];
  const native = SECCOMP_ARCH[target.arch];
  const entry = native ? (profile.archMap ?? []).find((a) => a.architecture === `SCMP_ARCH_${native}`) : undefined;
  if (entry) architectures.push(entry.architecture, ...(entry.subArchitectures ?? []));
  if (architectures.length) out.architectures = architectures;
  if (profile.flags?.length) out.flags = profile.flags;
  const has = (cap: string) => target.capabilities.includes(cap);
  const syscalls: LinuxSyscall[] = [];
  for (const s of profile.syscalls ?? []) {
    if (!s) continue;
    if (s.name && s.names?.length) throw invalidArgument("'name' and 'names' were specified in the seccomp profile, use either 'name' or 'names'");
    const ex = s.excludes;
    if (ex?.arches?.includes(target.arch) || ex?.caps?.some(has) || (ex?.minKernel && kernelAtLeast(target.kernel, ex.minKernel))) continue;
    const inc = s.includes;
    if ((inc?.arches?.length && !inc.arches.includes(target.arch)) || (inc?.caps?.length && !inc.caps.every(has)) || (inc?.minKernel && !kernelAtLeast(target.kernel, inc.minKernel))) continue;
    const rule: LinuxSyscall = { names: s.name ? [s.name] : (s.names ?? []), action: s.action };
    if (s.errnoRet !== undefined) rule.errnoRet = s.errnoRet;
    if (s.args?.length) rule.args = s.args;
    syscalls.push(rule);
  }
  if (syscalls.length) out.syscalls = syscalls;
  return out;
}

/** "6.18.0-foo" ≥ "4.8": major.minor compared as numbers (moby kernelGreaterEqualThan). */
export function kernelAtLeast(kernel: string, min: string): boolean {
  const want = /^(\d+)\.(\d+)$/.exec(min);
  if (!want) throw invalidArgument(`invalid kernel version: ${min}, expected <major>.<minor>`);
  const have = /^(\d+)\.(\d+)/.exec(kernel);
  if (!have) return false;
  const [hM, hm, wM, wm] = [have[1], have[2], want[1], want[2]].map(Number) as [number, number, number, number];
  return hM > wM || (hM === wM && hm >= wm);
}

function jsonType(v: unknown): string {
  return Array.isArray(v) ? "array" : v === null ? "null" : typeof v === "boolean" ? "bool" : typeof v;
}
function decodeError(jsonKind: string, into: string) {
  return invalidArgument(`Decoding seccomp profile failed: json: cannot unmarshal ${jsonKind} into ${into}`);
}
function expectType(v: unknown, want: string, field: string, goType: string): void {
  if (v !== undefined && v !== null && typeof v !== want) throw decodeError(jsonType(v), `Go struct field ${field} of type ${goType}`);
}
function expectArray(v: unknown, item: string, field: string, goType: string): void {
  if (v === undefined || v === null) return;
  if (!Array.isArray(v)) throw decodeError(jsonType(v), `Go struct field ${field} of type []${goType}`);
  for (const x of v) if (x !== null && (typeof x !== item || Array.isArray(x))) throw decodeError(jsonType(x), `Go struct field ${field} of type ${goType}`);
}
