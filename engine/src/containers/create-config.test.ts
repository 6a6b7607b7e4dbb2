import { describe, expect, it } from "vitest";
import { checkUnsupported, mergeConfig } from "./create-config.js";
import { readFileSync } from "node:fs";
import { ALL_CAPABILITIES, computeCapabilities, DEFAULT_CAPABILITIES } from "./oci-spec.js";

const image = { architecture: "amd64", os: "linux", rootfs: { type: "layers", diff_ids: [] }, config: { Env: ["PATH=/bin", "A=image"], Cmd: ["sh"], WorkingDir: "/w", Labels: { from: "image" } } };
const ID = "ab".repeat(32);

describe("create body merged with the image config", () => {
  it("takes Cmd, Env, WorkingDir and Labels from the image unless overridden", () => {
    const m = mergeConfig({ Image: "busybox", Env: ["A=body", "B=1"], Labels: { k: "v" } }, image, ID);
    expect([m.path, m.args]).toEqual(["sh", []]);
    expect(m.config.Env).toEqual([`HOSTNAME=${ID.slice(0, 12)}`, "PATH=/bin", "A=body", "B=1"]);
    expect(m.config.WorkingDir).toBe("/w");
    expect(m.config.Labels).toEqual({ from: "image", k: "v" });
    expect(m.hostConfig.NetworkMode).toBe("bridge");
  });

  it("an Entrypoint from the body drops the image's Cmd; an explicit Cmd replaces it", () => {
    expect(mergeConfig({ Image: "x", Entrypoint: ["/bin/echo"] }, image, ID)).toMatchObject({ path: "/bin/echo", args: [] });
    expect(mergeConfig({ Image: "x", Cmd: ["echo", "hi"] }, image, ID)).toMatchObject({ path: "echo", args: ["hi"] });
    expect(() => mergeConfig({ Image: "x" }, { ...image, config: {} }, ID)).toThrow("no command specified");
  });

  it("refuses what wharfd cannot do yet instead of ignoring it", () => {
    expect(() => checkUnsupported({ HostConfig: { Devices: [{ PathOnHost: "/dev/null" }] } })).toThrow(/not supported by wharfd yet/);
    // Restart policies are honoured now (restart-policy.ts); only invalid ones are refused, in dockerd's words.
    expect(() => checkUnsupported({ HostConfig: { RestartPolicy: { Name: "always" } } })).not.toThrow();
    expect(() => checkUnsupported({ HostConfig: { RestartPolicy: { Name: "sometimes" } } })).toThrow("invalid restart policy 'sometimes'");
    expect(() => checkUnsupported({ HostConfig: { NetworkMode: "host", RestartPolicy: { Name: "no" }, PortBindings: {} } })).not.toThrow();
    expect(() => checkUnsupported({ HostConfig: { Memory: 1024 } })).toThrow("Minimum memory limit allowed is 6MB");
  });
});

describe("capabilities", () => {
  it("starts from Docker's 14 defaults and applies drop then add, ALL on either side", () => {
    expect(computeCapabilities(false, [], [])).toEqual([...DEFAULT_CAPABILITIES]);
    expect(computeCapabilities(false, ["NET_ADMIN"], ["chown"])).toEqual([...DEFAULT_CAPABILITIES.filter((c) => c !== "CAP_CHOWN"), "CAP_NET_ADMIN"]);
    expect(computeCapabilities(false, ["KILL"], ["ALL"])).toEqual(["CAP_KILL"]);
    expect(computeCapabilities(false, ["ALL"], []).length).toBeGreaterThan(30);
    expect(() => computeCapabilities(false, ["NOPE"], [])).toThrow("invalid capability: NOPE");
    expect(computeCapabilities(false, ["bpf", "CAP_PERFMON", "checkpoint_restore"], [])).toEqual([...DEFAULT_CAPABILITIES, "CAP_BPF", "CAP_PERFMON", "CAP_CHECKPOINT_RESTORE"]);
  });

  it("--privileged grants what the kernel knows (cap_last_cap), in capability-number order", () => {
    const last = Number(readFileSync("/proc/sys/kernel/cap_last_cap", "utf8"));
    const all = computeCapabilities(true, [], []);
    expect(all).toEqual(ALL_CAPABILITIES.slice(0, last + 1));
    expect(all.slice(0, 3)).toEqual(["CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH"]);
  });
});
