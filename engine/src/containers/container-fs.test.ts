import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ContainerRoot } from "./container-fs.js";

// A fake container root on disk: symlinks that would escape on the host must stay inside.
const dir = mkdtempSync(join(tmpdir(), "wh-containerfs-"));
const rootfs = join(dir, "rootfs");
const vol = join(dir, "vol");
mkdirSync(join(rootfs, "etc"), { recursive: true });
mkdirSync(join(rootfs, "data"), { recursive: true });
mkdirSync(vol);
writeFileSync(join(rootfs, "etc/passwd"), "root\n");
writeFileSync(join(vol, "inside"), "v\n");
symlinkSync("/etc", join(rootfs, "data/abs"));
symlinkSync("../../../../../../etc", join(rootfs, "data/climb"));
symlinkSync("/nothere/x", join(rootfs, "data/dangling"));
symlinkSync("loop2", join(rootfs, "data/loop1"));
symlinkSync("loop1", join(rootfs, "data/loop2"));
const root = new ContainerRoot(rootfs, [{ destination: "/mnt/vol", source: vol, readonly: false }]);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("ContainerRoot", () => {
  it("resolves absolute and climbing symlinks inside the container root", () => {
    expect(root.resolve("/data/abs/passwd", { followLast: true })).toBe("/etc/passwd");
    expect(root.resolve("/data/climb/passwd", { followLast: true })).toBe("/etc/passwd");
    expect(root.resolve("/../../etc/passwd", { followLast: true })).toBe("/etc/passwd");
    expect(root.hostPath("/etc/passwd")).toBe(join(rootfs, "etc/passwd"));
  });

  it("keeps the last symlink unless asked to follow it; a missing middle part is lexical only on request", () => {
    expect(root.resolve("/data/abs", { followLast: false })).toBe("/data/abs");
    expect(root.resolve("/data/dangling", { followLast: true })).toBeUndefined();
    expect(root.resolve("/data/dangling", { followLast: true, lexicalRest: true })).toBe("/nothere/x");
    expect(() => root.resolve("/data/loop1", { followLast: true })).toThrow("too many links");
  });

  it("maps mount destinations to their sources and knows what it owns", () => {
    expect(root.hostPath("/mnt/vol/inside")).toBe(join(vol, "inside"));
    expect(root.mountOf("/mnt/vol/inside")?.source).toBe(vol);
    expect(root.owns(join(vol, "inside"))).toBe(true);
    expect(root.owns("/etc/passwd")).toBe(false);
    expect(root.owns(`${rootfs}-other/x`)).toBe(false);
  });

  it("creates missing directories in scope on request", () => {
    expect(root.resolve("/data/abs/new/deeper", { followLast: true, create: true })).toBe("/etc/new/deeper");
    expect(root.lstat("/etc/new/deeper")?.isDirectory()).toBe(true);
  });
});
