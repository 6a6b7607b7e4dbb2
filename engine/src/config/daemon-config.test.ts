import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
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
  it("registers wharf, runc/crun found on $PATH and --add-runtime NAME=PATH; --default-runtime picks one", () => {
    const bin = mkdtempSync(join(tmpdir(), "wharf-rt-"));
    try {
      for (const f of ["runc", "my-oci"]) writeFileSync(join(bin, f), "#!/bin/sh\n", { mode: 0o755 });
      writeFileSync(join(bin, "crun"), "not executable", { mode: 0o644 });
      const env = { PATH: `relative/dir:${bin}` };
      const c = parseDaemonConfig(["--runtime-binary", "/opt/wr", "--add-runtime", "mine=my-oci", "--add-runtime=abs=/opt/x/oci", "--default-runtime", "mine"], env);
      expect(c.runtimes).toEqual({ wharf: "/opt/wr", runc: join(bin, "runc"), mine: join(bin, "my-oci"), abs: "/opt/x/oci" });
      expect(c.defaultRuntime).toBe("mine");
      expect(parseDaemonConfig(["--add-runtime", "runc=/opt/runc2"], env).runtimes.runc).toBe("/opt/runc2");
      const d = parseDaemonConfig([], { PATH: "" });
      expect([Object.keys(d.runtimes), d.defaultRuntime]).toEqual([["wharf"], "wharf"]);
      expect(d.runtimes.wharf).toMatch(/\/native\/build\/wharf-runtime$/);
      expect(() => parseDaemonConfig(["--add-runtime", "x"], env)).toThrow("invalid --add-runtime \"x\": expected NAME=PATH");
      expect(() => parseDaemonConfig(["--add-runtime", "wharf=/bin/true"], env)).toThrow("runtime name 'wharf' is reserved");
      expect(() => parseDaemonConfig(["--add-runtime", "a=/x", "--add-runtime", "a=/y"], env)).toThrow('runtime "a" given twice');
      expect(() => parseDaemonConfig(["--add-runtime", "n=nosuch-oci"], env)).toThrow('--add-runtime n: "nosuch-oci" not found in $PATH');
      expect(() => parseDaemonConfig(["--add-runtime", "bad name=/x"], env)).toThrow(/runtimes/);
      expect(() => parseDaemonConfig(["--default-runtime", "crun"], env)).toThrow("--default-runtime crun: no such runtime (known: wharf, runc)");
    } finally {
      rmSync(bin, { recursive: true, force: true });
    }
  });
  it("names the bad flag", () => {
    expect(() => parseDaemonConfig(["--bogus"])).toThrow(/bogus/);
    expect(() => parseDaemonConfig(["--log-level", "loud"])).toThrow(/logLevel/);
    expect(() => parseListenAddress("fd://")).toThrow(/invalid --host/);
  });
});
