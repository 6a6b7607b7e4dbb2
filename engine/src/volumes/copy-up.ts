// Copy-up: a new, empty volume mounted where the image has content gets that content first (dockerd's
// populateVolume / copyExistingContents), so `VOLUME /data` in an image keeps the image's files. The image path is
// resolved inside the container's rootfs with symlinks scoped to it (runc's securejoin), so an image whose /data
// is a link to /etc can never make the engine copy the host's /etc.
import { execFile } from "node:child_process";
import { lstatSync, readdirSync, readlinkSync, statSync } from "node:fs";
import { join, posix } from "node:path";
import { promisify } from "node:util";
import { EngineError } from "../errors.js";

const run = promisify(execFile);

/** `path` inside `root` with every symlink resolved as if root were "/"; ".." never leaves root. */
export function resolveInRoot(root: string, path: string): string {
  let pending = posix.normalize(`/${path}`).split("/").filter(Boolean);
  const resolved: string[] = [];
  let links = 0;
  while (pending.length) {
    const comp = pending.shift()!;
    if (comp === "." ) continue;
    if (comp === "..") {
      resolved.pop();
      continue;
    }
    const full = join(root, ...resolved, comp);
    let st;
    try {
      st = lstatSync(full);
    } catch {
      resolved.push(comp);
      continue;
    }
    if (!st.isSymbolicLink()) {
      resolved.push(comp);
      continue;
    }
    if (++links > 40) throw new EngineError("InvalidArgument", `too many levels of symbolic links resolving ${path}`);
    const target = readlinkSync(full);
    if (target.startsWith("/")) resolved.length = 0;
    pending = [...target.split("/").filter(Boolean), ...pending];
  }
  return join(root, ...resolved);
}

/** Copies the directory at `destination` in the rootfs into `volumeDir` when the volume is empty. True when copied. */
export async function copyUp(rootfs: string, destination: string, volumeDir: string): Promise<boolean> {
  const src = resolveInRoot(rootfs, destination);
  try {
    if (!statSync(src).isDirectory()) return false;
  } catch {
    return false;
  }
  if (readdirSync(volumeDir).length > 0) return false;
  if (readdirSync(src).length === 0) return false;
  try {
    // cp -a keeps owners, modes, times, links and xattrs, and copies symlinks as links (never follows them).
    await run("cp", ["-a", "--", `${src}/.`, `${volumeDir}/`]);
  } catch (err) {
    throw new EngineError("Internal", `failed to populate volume: copy ${destination}: ${(err as { stderr?: string }).stderr?.trim() || String(err)}`);
  }
  return true;
}

/**
 * What the image has at `path` (no symlink resolution), looking through the layer dirs top first as overlayfs
 * would: "dir", "file" (anything else), or undefined when absent or whited out (a 0/0 character device).
 */
export function imagePathKind(lowerDirs: string[], path: string): "dir" | "file" | undefined {
  for (const layer of lowerDirs) {
    let st;
    try {
      st = lstatSync(join(layer, path));
    } catch {
      continue;
    }
    if (st.isCharacterDevice() && st.rdev === 0) return undefined;
    return st.isDirectory() ? "dir" : "file";
  }
  return undefined;
}
