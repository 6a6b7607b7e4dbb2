import { describe, expect, it } from "vitest";
import { parseDaemonConfig, parseListenAddress } from "./daemon-config.js";

describe("parseDaemonConfig", () => {
  it("takes dockerd's flags and defaults", () => {
    const c = parseDaemonConfig([]);
    expect(c.hosts).toEqual([{ kind: "unix", path: "/run/wharf/wharf.sock" }]);
    expect(c.dataRoot).toBe("/var/lib/wharf");
    expect(c.execRoot).toBe("/run/wharf");
  });
  it("accepts repeated --host/-H and --insecure-registry, and --flag=value", () => {
    const c = parseDaemonConfig(["-H", "unix:///tmp/a.sock", "--host=tcp://127.0.0.1:2375", "--insecure-registry", "127.0.0.1:5000", "--insecure-registry=reg.local:5001"]);
    expect(c.hosts).toEqual([{ kind: "unix", path: "/tmp/a.sock" }, { kind: "tcp", host: "127.0.0.1", port: 2375 }]);
    expect(c.insecureRegistries).toEqual(["127.0.0.1:5000", "reg.local:5001"]);
  });
  it("refuses plain TCP on a non-loopback address", () => {
    expect(() => parseDaemonConfig(["-H", "tcp://0.0.0.0:2375"])).toThrow(/without TLS/);
  });
  it("requires all three TLS files with --tlsverify", () => {
    expect(() => parseDaemonConfig(["--tlsverify", "--tlscert", "/c"])).toThrow(/--tlscacert, --tlscert and --tlskey/);
  });
  it("takes absolute shim and runtime binaries", () => {
    const c = parseDaemonConfig(["--shim-binary", "/opt/wharf/wharf-shim", "--runtime-binary=/usr/sbin/runc"]);
    expect([c.shimBinary, c.runtimeBinary]).toEqual(["/opt/wharf/wharf-shim", "/usr/sbin/runc"]);
    expect(() => parseDaemonConfig(["--runtime-binary", "runc"])).toThrow(/--runtime-binary must be an absolute path/);
  });
  it("takes dockerd's network flags; the default bridge is wharf0 only for the standard data root", () => {
    expect(parseDaemonConfig([]).network).toEqual({ bridge: "wharf0", bip: undefined, iptables: true, ipForward: true, mtu: 1500 });
    const c = parseDaemonConfig(["--data-root", "/tmp/w1", "--bip", "10.200.3.1/24", "--iptables=false", "--ip-forward=false", "--mtu", "1400"]);
    expect(c.network).toEqual({ bridge: expect.stringMatching(/^wharf-[0-9a-f]{8}$/), bip: "10.200.3.1/24", iptables: false, ipForward: false, mtu: 1400 });
    expect(parseDaemonConfig(["-b", "br9"]).network.bridge).toBe("br9");
    expect(() => parseDaemonConfig(["--bip", "10.0.0.1"])).toThrow(/--bip must be an IPv4 CIDR/);
    expect(() => parseDaemonConfig(["--iptables=maybe"])).toThrow("invalid value for --iptables");
  });
  it("names the bad flag", () => {
    expect(() => parseDaemonConfig(["--bogus"])).toThrow(/bogus/);
    expect(() => parseDaemonConfig(["--log-level", "loud"])).toThrow(/logLevel/);
    expect(() => parseListenAddress("fd://")).toThrow(/invalid --host/);
  });
});
