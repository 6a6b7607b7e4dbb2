import { describe, expect, it } from "vitest";
import { DEFAULT_CAPABILITIES } from "./oci-spec.js";
import { DEFAULT_SECCOMP_PROFILE, kernelAtLeast, parseSeccompProfile, resolveSeccompProfile, type LinuxSeccomp } from "./seccomp-profile.js";

const amd64 = (capabilities: readonly string[] = DEFAULT_CAPABILITIES, kernel = "6.18.0") => ({ capabilities, arch: "amd64", kernel });
const rulesFor = (s: LinuxSeccomp | undefined, name: string) => (s?.syscalls ?? []).filter((r) => r.names.includes(name));

describe("Docker's default seccomp profile filtered per container", () => {
  it("denies with EPERM by default and lists the daemon's architecture with its sub-architectures", () => {
    const s = resolveSeccompProfile(DEFAULT_SECCOMP_PROFILE, amd64())!;
    expect([s.defaultAction, s.defaultErrnoRet]).toEqual(["SCMP_ACT_ERRNO", 1]);
    expect(s.architectures).toEqual(["SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"]);
    expect(resolveSeccompProfile(DEFAULT_SECCOMP_PROFILE, { ...amd64(), arch: "arm64" })!.architectures).toEqual(["SCMP_ARCH_AARCH64", "SCMP_ARCH_ARM"]);
  });

  it("with the default capabilities: mount/unshare/setns closed, clone only without namespace flags, clone3 ENOSYS", () => {
    const s = resolveSeccompProfile(DEFAULT_SECCOMP_PROFILE, amd64());
    for (const name of ["mount", "unshare", "setns", "reboot", "kcmp", "open_by_handle_at"]) expect(rulesFor(s, name)).toEqual([]);
    expect(rulesFor(s, "clone")).toEqual([{ names: ["clone"], action: "SCMP_ACT_ALLOW", args: [{ index: 0, value: 0x7e020000, valueTwo: 0, op: "SCMP_CMP_MASKED_EQ" }] }]);
    expect(rulesFor(s, "clone3")).toEqual([{ names: ["clone3"], action: "SCMP_ACT_ERRNO", errnoRet: 38 }]);
    expect(rulesFor(s, "chroot")).toHaveLength(1); // CAP_SYS_CHROOT is a default capability
    expect(rulesFor(s, "arch_prctl")).toHaveLength(1);
    expect(rulesFor(s, "riscv_flush_icache")).toEqual([]);
    expect(rulesFor(s, "personality").map((r) => r.args![0]!.value)).toEqual([0, 8, 0x20000, 0x20008, 0xffffffff]);
    expect(rulesFor(s, "socket").map((r) => [r.args![0]!.op, r.args![0]!.value])).toEqual([["SCMP_CMP_LT", 38], ["SCMP_CMP_EQ", 39], ["SCMP_CMP_GT", 40]]);
    expect(rulesFor(s, "ptrace")).toHaveLength(1); // kernel ≥ 4.8
    expect(rulesFor(resolveSeccompProfile(DEFAULT_SECCOMP_PROFILE, amd64(DEFAULT_CAPABILITIES, "4.4.0")), "ptrace")).toEqual([]);
  });

  it("CAP_SYS_ADMIN opens mount/unshare/clone/clone3 and drops the clone argument rule; CAP_SYS_PTRACE opens kcmp", () => {
    const s = resolveSeccompProfile(DEFAULT_SECCOMP_PROFILE, amd64([...DEFAULT_CAPABILITIES, "CAP_SYS_ADMIN", "CAP_SYS_PTRACE"]));
    for (const name of ["mount", "unshare", "setns", "kcmp", "pidfd_getfd"]) expect(rulesFor(s, name)).toHaveLength(1);
    expect(rulesFor(s, "clone")).toEqual([{ names: expect.arrayContaining(["clone", "mount"]), action: "SCMP_ACT_ALLOW" }]);
    expect(rulesFor(s, "clone3").map((r) => r.action)).toEqual(["SCMP_ACT_ALLOW"]);
  });

  it("s390x gets the clone rule on the second argument", () => {
    const s = resolveSeccompProfile(DEFAULT_SECCOMP_PROFILE, { ...amd64(), arch: "s390x" });
    expect(rulesFor(s, "clone").map((r) => r.args![0]!.index)).toEqual([1]);
    expect(s!.architectures).toEqual(["SCMP_ARCH_S390X", "SCMP_ARCH_S390"]);
  });
});

describe("custom profiles", () => {
  it("`name` becomes `names`, includes/excludes are honoured, an empty profile means no seccomp", () => {
    const p = parseSeccompProfile(JSON.stringify({
      defaultAction: "SCMP_ACT_ALLOW", architectures: ["SCMP_ARCH_X86_64"],
      syscalls: [{ name: "mkdir", action: "SCMP_ACT_ERRNO", errnoRet: 13 }, { names: ["mount"], action: "SCMP_ACT_ERRNO", excludes: { caps: ["CAP_SYS_ADMIN"] } }],
    }));
    expect(resolveSeccompProfile(p, amd64(["CAP_SYS_ADMIN"]))).toEqual({
      defaultAction: "SCMP_ACT_ALLOW", architectures: ["SCMP_ARCH_X86_64"], syscalls: [{ names: ["mkdir"], action: "SCMP_ACT_ERRNO", errnoRet: 13 }],
    });
    expect(resolveSeccompProfile(parseSeccompProfile("{}"), amd64())).toBeUndefined();
    expect(resolveSeccompProfile(parseSeccompProfile("null"), amd64())).toBeUndefined();
  });

  it("refuses what dockerd's decoder and setupSeccomp refuse, in their words", () => {
    expect(() => parseSeccompProfile("{bad")).toThrow(/^Decoding seccomp profile failed: /);
    expect(() => parseSeccompProfile("[1,2]")).toThrow("Decoding seccomp profile failed: json: cannot unmarshal array into Go value of type seccomp.Seccomp");
    expect(() => parseSeccompProfile('{"defaultAction":5}')).toThrow("json: cannot unmarshal number into Go struct field Seccomp.defaultAction of type specs.LinuxSeccompAction");
    expect(() => parseSeccompProfile('{"syscalls":[{"names":"mkdir"}]}')).toThrow("json: cannot unmarshal string into Go struct field Syscall.names of type []string");
    const both = parseSeccompProfile('{"defaultAction":"SCMP_ACT_ALLOW","architectures":["SCMP_ARCH_X86_64"],"archMap":[{"architecture":"SCMP_ARCH_X86_64"}]}');
    expect(() => resolveSeccompProfile(both, amd64())).toThrow("'architectures' and 'archMap' were specified in the seccomp profile, use either 'architectures' or 'archMap'");
    const names = parseSeccompProfile('{"defaultAction":"SCMP_ACT_ALLOW","syscalls":[{"name":"mkdir","names":["mkdir"],"action":"SCMP_ACT_ERRNO"}]}');
    expect(() => resolveSeccompProfile(names, amd64())).toThrow("'name' and 'names' were specified in the seccomp profile, use either 'name' or 'names'");
  });

  it("compares kernel versions by major.minor", () => {
    expect([kernelAtLeast("6.18.0-1", "4.8"), kernelAtLeast("4.8.0", "4.8"), kernelAtLeast("4.7.10", "4.8"), kernelAtLeast("5.0", "4.19")]).toEqual([true, true, false, true]);
  });
});
