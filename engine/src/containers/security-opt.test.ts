import { describe, expect, it } from "vitest";
import { appArmorProfileOf, parseSecurityOpt, seccompForContainer } from "./security-opt.js";
import { DEFAULT_CAPABILITIES } from "./oci-spec.js";

describe("HostConfig.SecurityOpt as dockerd 20.10 reads it", () => {
  it("no-new-privileges with and without a Go bool, `:` as the old separator, the last seccomp wins", () => {
    expect(parseSecurityOpt(["no-new-privileges"]).noNewPrivileges).toBe(true);
    expect(parseSecurityOpt(["no-new-privileges:true"]).noNewPrivileges).toBe(true);
    expect(parseSecurityOpt(["no-new-privileges", "no-new-privileges=F"]).noNewPrivileges).toBe(false);
    expect(parseSecurityOpt(["seccomp={}", "seccomp:unconfined"]).seccompProfile).toBe("unconfined");
    expect(parseSecurityOpt(null)).toEqual({ seccompProfile: "", noNewPrivileges: false, lsmOptions: [], appArmorProfile: "" });
    expect(appArmorProfileOf(["apparmor=a", "apparmor:b"])).toBe("b");
    expect(parseSecurityOpt(["apparmor=unconfined", "label=disable", "disable"]).lsmOptions).toEqual(["apparmor", "label", "label"]);
  });

  it("refuses the rest with dockerd's messages", () => {
    expect(() => parseSecurityOpt(["bogus"])).toThrow('invalid --security-opt 1: "bogus"');
    expect(() => parseSecurityOpt(["writable-cgroups"])).toThrow('invalid --security-opt 1: "writable-cgroups"');
    expect(() => parseSecurityOpt(["foo=bar"])).toThrow('invalid --security-opt 2: "foo=bar"');
    expect(() => parseSecurityOpt(["no-new-privileges=maybe"])).toThrow('invalid --security-opt 2: "no-new-privileges=maybe"');
  });

  it("default profile unless unconfined or privileged; a custom profile filtered like the default", () => {
    expect(seccompForContainer(parseSecurityOpt([]), false, DEFAULT_CAPABILITIES)?.defaultAction).toBe("SCMP_ACT_ERRNO");
    expect(seccompForContainer(parseSecurityOpt(["seccomp=unconfined"]), false, DEFAULT_CAPABILITIES)).toBeUndefined();
    expect(seccompForContainer(parseSecurityOpt([]), true, DEFAULT_CAPABILITIES)).toBeUndefined();
    expect(seccompForContainer(parseSecurityOpt(["seccomp=builtin"]), false, DEFAULT_CAPABILITIES)).toEqual(seccompForContainer(parseSecurityOpt([]), false, DEFAULT_CAPABILITIES));
    const custom = seccompForContainer(parseSecurityOpt(['seccomp={"defaultAction":"SCMP_ACT_ALLOW","syscalls":[{"names":["mkdir"],"action":"SCMP_ACT_ERRNO"}]}']), false, []);
    expect(custom).toEqual({ defaultAction: "SCMP_ACT_ALLOW", syscalls: [{ names: ["mkdir"], action: "SCMP_ACT_ERRNO" }] });
  });
});
