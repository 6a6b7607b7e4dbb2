// dockerd's --pidfile: refuse to start when it names a live process, write our pid, remove it on exit.
import { readFileSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { EngineError } from "../errors.js";

export function writePidFile(path: string): () => void {
  let existing: number | undefined;
  try {
    existing = Number(readFileSync(path, "utf8").trim());
  } catch {
    existing = undefined;
  }
  if (existing && existing !== process.pid && isAlive(existing)) {
    throw new EngineError("Conflict", `pid file found, ensure wharfd is not running or delete ${path} (pid ${existing})`);
  }
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${process.pid}\n`);
  return () => rmSync(path, { force: true });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}
