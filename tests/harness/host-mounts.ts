// Unmounting everything below a directory we own (dockerd's overlay2 merged dirs, its data-root self-bind,
// netns bind mounts under exec-root), deepest first, before the directory is removed.
import { readFileSync } from "node:fs";
import { runCommand } from "./run-command.js";
import { harnessLog } from "./harness-log.js";

/** Mount points at or below `root`, from /proc/self/mountinfo (field 5, octal escapes decoded). */
export function mountsUnder(root: string): string[] {
  const prefix = root.endsWith("/") ? root : `${root}/`;
  return readFileSync("/proc/self/mountinfo", "utf8")
    .split("\n")
    .map((line) => line.split(" ")[4])
    .filter((p): p is string => p !== undefined)
    .map((p) => p.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8))))
    .filter((p) => p === root || p.startsWith(prefix));
}

/** Unmounts every mount at or below `root`, deepest first; falls back to a lazy unmount (umount -l). */
export async function unmountUnder(root: string): Promise<void> {
  for (let round = 0; round < 5; round++) {
    const mounts = [...new Set(mountsUnder(root))].sort((a, b) => b.length - a.length);
    if (mounts.length === 0) return;
    for (const m of mounts) {
      const r = await runCommand("umount", [m]);
      if (r.code !== 0) {
        const lazy = await runCommand("umount", ["-l", m]);
        if (lazy.code !== 0) harnessLog.warn({ mount: m, stderr: lazy.stderr.trim() }, "cannot unmount");
      }
    }
  }
}
