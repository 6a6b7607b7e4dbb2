// Resolves the container's command inside its mounted rootfs before launch, as runc does at create (LookPath +
// stat), so a missing or non-executable command fails the start with the message the docker CLI maps to 127/126
// (cli/command/container/run.go matches "executable file not found", "no such file or directory",
// "permission denied"). Symlinks are resolved inside the rootfs, never on the host.
import { lstatSync, readlinkSync } from "node:fs";
import { posix } from "node:path";
import { EngineError } from "../errors.js";

/** Host path of `p` (absolute in the container) with every symlink resolved inside `rootfs`; undefined if missing. */
export function resolveInRoot(rootfs: string, p: string): string | undefined {
  let parts = posix.normalize(p).split("/").filter(Boolean);
  let done: string[] = [];
  for (let hops = 0; parts.length; ) {
    const next = parts.shift()!;
    if (next === "..") {
      done.pop();
      continue;
    }
    const host = posix.join(rootfs, ...done, next);
    let st;
    try {
      st = lstatSync(host);
    } catch {
      return undefined;
    }
    if (st.isSymbolicLink()) {
      if (++hops > 40) return undefined;
      const target = readlinkSync(host);
      const rest = target.split("/").filter(Boolean);
      if (target.startsWith("/")) done = [];
      parts = [...rest, ...parts];
      continue;
    }
    done.push(next);
  }
  return posix.join(rootfs, ...done);
}

export function checkExecutable(rootfs: string, cmd: string, env: string[], cwd: string): void {
  const fail = (m: string) => new EngineError("InvalidArgument", `failed to create task for container: exec: "${cmd}": ${m}`);
  let candidates: string[];
  if (cmd.includes("/")) candidates = [posix.isAbsolute(cmd) ? cmd : posix.join(cwd || "/", cmd)];
  else {
    const path = env.find((e) => e.startsWith("PATH="))?.slice(5) ?? "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    candidates = path.split(":").filter(Boolean).map((d) => posix.join(d, cmd));
  }
  for (const c of candidates) {
    const host = resolveInRoot(rootfs, c);
    if (!host) continue;
    const st = lstatSync(host);
    if (st.isDirectory() || (st.mode & 0o111) === 0) {
      if (cmd.includes("/")) throw fail("permission denied");
      continue;
    }
    return;
  }
  throw fail(cmd.includes("/") ? `stat ${cmd}: no such file or directory` : "executable file not found in $PATH");
}
