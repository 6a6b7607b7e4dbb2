import { describe, expect, it } from "vitest";
import { checkBindOverDataRoot, convertTmpfsOptions, parseBind, parseMountSpec, parseVolumesFrom, tmpfsMountOptions, validMountMode } from "./parse-mounts.js";
import { imagePathKind, resolveInRoot } from "./copy-up.js";
import { mkdtempSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

describe("parseBind (-v specs, dockerd's ParseMountRaw)", () => {
  it("host path → bind with rprivate, name → volume with mode z, one part → anonymous", () => {
    expect(parseBind("/srv/x/:/data:ro")).toEqual({ type: "bind", source: "/srv/x", destination: "/data", mode: "ro", rw: false, propagation: "rprivate", createSource: true, explicitPropagation: false });
    expect(parseBind("/a:/b:rshared")).toMatchObject({ propagation: "rshared", rw: true });
    expect(parseBind("vol:/data")).toEqual({ type: "volume", name: "vol", source: "", destination: "/data", driver: "local", mode: "z", rw: true, propagation: "", copyData: true });
    expect(parseBind("vol:/data:ro,nocopy")).toMatchObject({ mode: "ro,nocopy", rw: false, copyData: false });
    expect(parseBind("/data")).toMatchObject({ type: "volume", anonymous: true, destination: "/data" });
  });
  it("refuses what dockerd refuses, in its words", () => {
    expect(() => parseBind("/tmp:/")).toThrow(`invalid volume specification: '/tmp:/': invalid mount config for type "bind": invalid specification: destination can't be '/'`);
    expect(() => parseBind("/tmp:data")).toThrow(`invalid mount path: 'data' mount path must be absolute`);
    expect(() => parseBind("/tmp:/d:xx")).toThrow("invalid mode: xx");
    expect(() => parseBind("/tmp:/d:ro,rw")).toThrow("invalid mode: ro,rw");
    expect(() => parseBind("/foo:rw")).toThrow("invalid volume specification: '/foo:rw'");
    expect(() => parseBind(":/d")).toThrow("invalid volume specification: ':/d'");
    expect(() => parseBind("a:b:c:d")).toThrow("invalid volume specification");
  });
  it("mode words: one per category", () => {
    expect(validMountMode("ro,z,rslave,nocopy,cached")).toBe(true);
    expect(validMountMode("shared,slave")).toBe(false);
    expect(validMountMode("bogus")).toBe(false);
  });
});

describe("parseMountSpec (--mount, HostConfig.Mounts)", () => {
  it("bind, volume and tmpfs objects", () => {
    expect(parseMountSpec({ Type: "bind", Source: "/tmp", Target: "/t", ReadOnly: true, BindOptions: { Propagation: "rslave" } })).toEqual({ type: "bind", source: "/tmp", destination: "/t", mode: "", rw: false, propagation: "rslave", createSource: false, explicitPropagation: true });
    expect(parseMountSpec({ Type: "volume", Source: "v", Target: "/v", VolumeOptions: { NoCopy: true, Labels: { a: "b" } } })).toMatchObject({ name: "v", mode: "z", copyData: false, volumeOptions: { labels: { a: "b" }, driver: "local" } });
    expect(parseMountSpec({ Type: "tmpfs", Target: "/s", TmpfsOptions: { SizeBytes: 1048576, Mode: 0o1770 } })).toMatchObject({ type: "tmpfs", tmpfsOptions: "mode=1770,size=1m" });
  });
  it("refuses with dockerd's texts", () => {
    expect(() => parseMountSpec({ Type: "bind", Source: "rel", Target: "/d" })).toThrow(`invalid mount config for type "bind": invalid mount path: 'rel' mount path must be absolute`);
    expect(() => parseMountSpec({ Type: "bind", Source: "/no/such/wharf/path", Target: "/d" })).toThrow("bind source path does not exist: /no/such/wharf/path");
    expect(() => parseMountSpec({ Type: "tmpfs", Source: "x", Target: "/d" })).toThrow(`invalid mount config for type "tmpfs": field Source must not be specified`);
    expect(() => parseMountSpec({ Type: "volume", Target: "/d", BindOptions: {} })).toThrow("field BindOptions must not be specified");
    expect(() => parseMountSpec({ Type: "bogus", Target: "/d" })).toThrow(`invalid mount config for type "bogus": mount type unknown`);
    expect(() => parseMountSpec({ Type: "volume", Target: "" })).toThrow("field Target must not be empty");
  });
});

describe("checkBindOverDataRoot (dockerd's validateBindDaemonRoot)", () => {
  it("binds over or under the data root become rslave, private modes are refused", () => {
    const over = parseBind("/var:/v");
    checkBindOverDataRoot(over, "/var/lib/wharf");
    expect(over.propagation).toBe("rslave");
    const inside = parseBind("/var/lib/wharf/volumes:/v:rshared");
    checkBindOverDataRoot(inside, "/var/lib/wharf");
    expect(inside.propagation).toBe("rshared");
    const elsewhere = parseBind("/srv:/v");
    checkBindOverDataRoot(elsewhere, "/var/lib/wharf");
    expect(elsewhere.propagation).toBe("rprivate");
    expect(() => checkBindOverDataRoot(parseBind("/var:/v:rprivate"), "/var/lib/wharf")).toThrow(
      'invalid mount config: must use either propagation mode "rslave" or "rshared" when mount source is within the daemon root, daemon root: "/var/lib/wharf", bind mount source: "/var", propagation: "rprivate"',
    );
  });
});

describe("tmpfs options", () => {
  it("ConvertTmpfsOptions picks the largest exact unit", () => {
    expect(convertTmpfsOptions({ SizeBytes: 3 * 2 ** 30 }, true)).toBe("ro,size=3g");
    expect(convertTmpfsOptions({ SizeBytes: 1000 }, false)).toBe("size=1000");
    expect(() => convertTmpfsOptions({ Options: [["suid"]] }, false)).toThrow("invalid option: suid");
  });
  it("defaults noexec,nosuid,nodev; later words replace earlier ones of the same kind", () => {
    expect(tmpfsMountOptions("")).toEqual(["noexec", "nosuid", "nodev"]);
    expect(tmpfsMountOptions("size=2m,exec")).toEqual(["nosuid", "nodev", "size=2m", "exec"]);
  });
});

describe("parseVolumesFrom", () => {
  it("container[:ro|rw], no propagation or copy modes", () => {
    expect(parseVolumesFrom("data")).toEqual({ container: "data", rw: true });
    expect(parseVolumesFrom("data:ro")).toEqual({ container: "data", rw: false });
    expect(() => parseVolumesFrom("data:rshared")).toThrow("invalid mode: rshared");
    expect(() => parseVolumesFrom("data:nocopy")).toThrow("invalid mode: nocopy");
    expect(() => parseVolumesFrom("")).toThrow("volumes-from specification cannot be an empty string");
  });
});

describe("resolveInRoot (copy-up source)", () => {
  it("symlinks and .. never leave the rootfs", () => {
    const root = mkdtempSync(join(tmpdir(), "wh-resolve-"));
    try {
      mkdirSync(join(root, "real"));
      symlinkSync("/etc", join(root, "abs"));
      symlinkSync("../../../../etc", join(root, "rel"));
      symlinkSync("real", join(root, "inside"));
      expect(resolveInRoot(root, "/abs")).toBe(join(root, "etc"));
      expect(resolveInRoot(root, "/rel")).toBe(join(root, "etc"));
      expect(resolveInRoot(root, "/../../etc")).toBe(join(root, "etc"));
      expect(resolveInRoot(root, "/inside/x")).toBe(join(root, "real/x"));
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
  it("imagePathKind: the topmost layer that has the path decides", () => {
    const root = mkdtempSync(join(tmpdir(), "wh-layers-"));
    try {
      const [top, bottom] = [join(root, "top"), join(root, "bottom")];
      mkdirSync(join(top, "etc"), { recursive: true });
      mkdirSync(join(bottom, "etc"), { recursive: true });
      writeFileSync(join(bottom, "etc/passwd"), "root\n");
      mkdirSync(join(top, "data"));
      writeFileSync(join(bottom, "data"), "was a file\n");
      expect(imagePathKind([top, bottom], "/etc/passwd")).toBe("file");
      expect(imagePathKind([top, bottom], "/data")).toBe("dir");
      expect(imagePathKind([top, bottom], "/nothing")).toBeUndefined();
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
