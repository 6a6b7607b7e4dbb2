// The real docker CLI on a real PTY of a chosen size (script(1)), for tests that type into it and resize it.
import { spawn, type ChildProcess } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { DOCKER_CLI, runCommand, waitFor } from "../../../tests/harness/index.js";

type Env = Record<string, string>;

/**
 * `docker <args>` on a real PTY of rows×cols: script(1) gives the CLI a terminal; the first thing run on it is
 * `tty` (so the test knows the PTY's name and can resize it with `stty -F`, which makes the kernel send SIGWINCH to
 * the CLI) and `stty rows cols` (the size the CLI sees at start).
 */
export class PtyDocker {
  out = "";
  readonly exited: Promise<number | null>;
  private readonly child: ChildProcess;
  private pts = "";

  constructor(env: Env, args: string, rows: number, cols: number) {
    const inner = `tty; stty rows ${rows} cols ${cols}; exec ${DOCKER_CLI} ${args}`;
    const childEnv: NodeJS.ProcessEnv = { ...process.env, DOCKER_CLI_HINTS: "false", ...env };
    this.child = spawn("script", ["-qec", inner, "/dev/null"], { env: childEnv, stdio: ["pipe", "pipe", "pipe"] });
    this.child.stdout!.on("data", (d: Buffer) => (this.out += d.toString()));
    this.child.stderr!.on("data", (d: Buffer) => (this.out += d.toString()));
    // "close", not "exit": the output still buffered in the pipe when script(1) exits must be in `out` first.
    this.exited = new Promise((r) => this.child.once("close", (code) => r(code)));
  }

  /** Waits until the output from `from` on matches; returns the match. */
  async expect(pattern: RegExp, from = 0): Promise<RegExpMatchArray> {
    try {
      return await waitFor(`${pattern}`, async () => this.out.slice(from).match(pattern) ?? undefined, { timeoutMs: 20_000, abort: () => (this.child.exitCode !== null ? "docker exited" : undefined) });
    } catch (err) {
      throw new Error(`${(err as Error).message}; output: ${JSON.stringify(this.out)}`);
    }
  }

  type(line: string): void {
    this.child.stdin!.write(`${line}\n`);
  }

  /** Raw keystrokes, e.g. "\x03" for ^C. */
  press(keys: string): void {
    this.child.stdin!.write(keys);
  }

  /** Resizes the PTY the CLI runs on, as a terminal window would. */
  async resize(rows: number, cols: number): Promise<void> {
    if (!this.pts) this.pts = (await this.expect(/^(\/dev\/pts\/\d+)\r?\n/))[1]!;
    const r = await runCommand("stty", ["-F", this.pts, "rows", String(rows), "cols", String(cols)]);
    if (r.code !== 0) throw new Error(`stty -F ${this.pts}: ${r.stderr}`);
  }

  /** Types `stty size` until the shell inside reports `want` (the resize travels CLI → engine → PTY). */
  async sttySizeBecomes(want: string): Promise<void> {
    await waitFor(`stty size = ${want}`, async () => {
      const from = this.out.length;
      this.type("stty size");
      const m = await this.expect(/\r\n(\d+ \d+)\r\n/, from);
      return m[1] === want ? true : undefined;
    }, { timeoutMs: 20_000, intervalMs: 100 });
  }

  end(): void {
    this.child.stdin!.end();
    if (this.child.exitCode === null) this.child.kill("SIGKILL");
  }
}

/**
 * Waits until a host process whose argv is exactly `argv` runs as the foreground process group of its terminal
 * (proc(5) stat: pgrp == tpgid) — the moment a ^C typed on that terminal reaches it. Make `argv` unique per test.
 */
export async function waitForForeground(argv: string[]): Promise<number> {
  const want = `${argv.join("\0")}\0`;
  return waitFor(`foreground process ${argv.join(" ")}`, async () => {
    for (const name of readdirSync("/proc")) {
      if (!/^\d+$/.test(name)) continue;
      try {
        if (readFileSync(`/proc/${name}/cmdline`, "utf8") !== want) continue;
        const stat = readFileSync(`/proc/${name}/stat`, "utf8");
        const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
        if (f[2] === f[5]) return Number(name); // pgrp (field 5) == tpgid (field 8)
      } catch {
        // the process ended meanwhile
      }
    }
    return undefined;
  }, { timeoutMs: 20_000 });
}
