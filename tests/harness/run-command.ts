// Runs a real binary to completion and captures its output. Never throws for a non-zero exit: callers assert on
// `code`, like a user reading a terminal would. Throws HarnessError only when the binary cannot be started.
import { spawn } from "node:child_process";
import { HarnessError } from "./harness-error.js";

export interface CommandResult {
  /** Exit status; 128+N when killed by signal N (as a shell reports it). */
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  /** The whole environment of the child (default: this process's). */
  env?: Record<string, string | undefined>;
  /** Written to stdin, which is then closed. */
  input?: string | Buffer;
  /** Milliseconds before the process is SIGKILLed (by PID); default 60 s. */
  timeout?: number;
  cwd?: string;
}

const SIGNAL_NUMBERS: Record<string, number> = { SIGHUP: 1, SIGINT: 2, SIGKILL: 9, SIGTERM: 15 };

export function runCommand(file: string, args: readonly string[], opts: RunOptions = {}): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { env: (opts.env ?? process.env) as NodeJS.ProcessEnv, cwd: opts.cwd, stdio: ["pipe", "pipe", "pipe"] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (b: Buffer) => out.push(b));
    child.stderr.on("data", (b: Buffer) => err.push(b));
    const timer = setTimeout(() => {
      if (child.pid !== undefined) process.kill(child.pid, "SIGKILL");
    }, opts.timeout ?? 60_000);
    child.once("error", (cause) => {
      clearTimeout(timer);
      reject(new HarnessError("CommandFailed", `cannot start: ${cause.message}`, { object: file, cause }));
    });
    child.once("close", (code, signal) => {
      clearTimeout(timer);
      resolve({
        code: code ?? 128 + (signal ? (SIGNAL_NUMBERS[signal] ?? 0) : 0),
        stdout: Buffer.concat(out).toString("utf8"),
        stderr: Buffer.concat(err).toString("utf8"),
      });
    });
    child.stdin.on("error", () => {}); // the child may exit without reading its input
    child.stdin.end(opts.input ?? "");
  });
}

/** Runs a command and throws HarnessError("CommandFailed") with its stderr when it exits non-zero. */
export async function runChecked(file: string, args: readonly string[], opts: RunOptions = {}): Promise<string> {
  const r = await runCommand(file, args, opts);
  if (r.code !== 0) {
    throw new HarnessError("CommandFailed", `${[file, ...args].join(" ")} exited ${r.code}: ${r.stderr.trim()}`, {
      object: file,
    });
  }
  return r.stdout;
}
