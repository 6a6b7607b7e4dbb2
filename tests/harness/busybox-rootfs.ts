// Builds a minimal root filesystem from Debian's busybox-static: the fixture every runtime, engine and image
// test starts from. No public registry is reachable here, so this is where test images come from.
import { execFileSync } from "node:child_process";
import { chmodSync, copyFileSync, existsSync, mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export const BUSYBOX = "/bin/busybox";

/** Lists busybox's applets (`busybox --list`), e.g. ["sh", "ls", "httpd", ...]. */
export function busyboxApplets(): string[] {
  return execFileSync(BUSYBOX, ["--list"], { encoding: "utf8" }).split("\n").filter(Boolean);
}

/**
 * Writes a busybox root filesystem into `dir` (created if missing): bin/busybox with one symlink per applet,
 * etc/passwd and etc/group (root, nobody, and uid/gid 1000 "app"), tmp with mode 1777, and empty proc, sys,
 * dev and var/www. Returns `dir`.
 */
export function writeBusyboxRootfs(dir: string): string {
  if (!existsSync(BUSYBOX)) throw new Error(`${BUSYBOX} is missing: apt-get install busybox-static`);
  for (const d of ["bin", "etc", "tmp", "proc", "sys", "dev", "root", "var/www", "home/app"]) {
    mkdirSync(join(dir, d), { recursive: true });
  }
  copyFileSync(BUSYBOX, join(dir, "bin/busybox"));
  chmodSync(join(dir, "bin/busybox"), 0o755);
  for (const applet of busyboxApplets()) {
    if (applet === "busybox") continue;
    const link = join(dir, "bin", applet);
    if (!existsSync(link)) symlinkSync("busybox", link);
  }
  writeFileSync(
    join(dir, "etc/passwd"),
    "root:x:0:0:root:/root:/bin/sh\napp:x:1000:1000:app:/home/app:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n",
  );
  writeFileSync(join(dir, "etc/group"), "root:x:0:\napp:x:1000:\nnogroup:x:65534:\n");
  writeFileSync(join(dir, "var/www/index.html"), "<h1>hello from wharf httpd fixture</h1>\n");
  chmodSync(join(dir, "tmp"), 0o1777);
  return dir;
}
