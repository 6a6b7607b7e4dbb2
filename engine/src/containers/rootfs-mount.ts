// The container's root filesystem: an overlayfs mount (Documentation/filesystems/overlayfs.rst) of the image's
// layer snapshots (lowerdir, top layer first) under a per-container upper/work dir, mounted at start and
// unmounted when the container exits or is removed. mount(8)/umount(8) because Node has no mount(2).
import { execFile } from "node:child_process";
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { EngineError } from "../errors.js";

const run = promisify(execFile);

export function rootfsPaths(containerDir: string) {
  return { rootfs: join(containerDir, "rootfs"), upper: join(containerDir, "upper"), work: join(containerDir, "work") };
}

export function isMounted(path: string): boolean {
  const escaped = path.replace(/[ \t\n\\]/g, (c) => `\\${c.charCodeAt(0).toString(8).padStart(3, "0")}`);
  return readFileSync("/proc/self/mountinfo", "utf8").split("\n").some((l) => l.split(" ")[4] === escaped);
}

/** Mounts the overlay at <dir>/rootfs unless already mounted (live restore keeps it). */
export async function mountRootfs(containerDir: string, lowerDirs: string[]): Promise<string> {
  const p = rootfsPaths(containerDir);
  for (const d of [p.rootfs, p.upper, p.work]) mkdirSync(d, { recursive: true, mode: 0o755 });
  if (isMounted(p.rootfs)) return p.rootfs;
  // overlayfs needs at least two layers in total: a single-layer image still works because upper is given.
  const options = `lowerdir=${lowerDirs.join(":")},upperdir=${p.upper},workdir=${p.work}`;
  try {
    await run("mount", ["-t", "overlay", "overlay", "-o", options, p.rootfs]);
  } catch (err) {
    throw new EngineError("Internal", `mount overlay at ${p.rootfs}: ${(err as { stderr?: string }).stderr?.trim() || String(err)}`);
  }
  return p.rootfs;
}

export async function unmountRootfs(containerDir: string): Promise<void> {
  const { rootfs } = rootfsPaths(containerDir);
  // Every mount stacked there (a daemon killed between two mounts can leave two), so remove never meets EBUSY.
  for (let i = 0; i < 8 && isMounted(rootfs); i++) {
    try {
      await run("umount", [rootfs]);
    } catch {
      await run("umount", ["-l", rootfs]).catch(() => {});
    }
  }
}
