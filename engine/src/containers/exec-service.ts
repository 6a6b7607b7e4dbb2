// docker exec: records (in memory, as dockerd keeps them) and running a process in a container through
// `wharf-runtime exec --process FILE ID` (runtime-spec config.md "process"), a child of the engine whose stdio
// the engine bridges to the hijacked client. The exec's process is the container's process (user, caps, env)
// with the exec's overrides. With Tty the runtime runs under script(1), which gives it a host PTY as stdio
// (the shim cannot host exec PTYs yet: it has no exec mode receiving a console fd), so resize is not applied.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Duplex } from "node:stream";
import { conflict, EngineError, invalidArgument, notFound } from "../errors.js";
import type { ContainerService } from "./container-service.js";
import { resolveUser } from "./oci-spec.js";
import { checkExecutable } from "./find-executable.js";
import { frame } from "./read-logs.js";

export interface ExecRecord {
  id: string;
  containerId: string;
  cmd: string[];
  env: string[];
  user: string;
  workingDir: string;
  tty: boolean;
  attachStdin: boolean;
  attachStdout: boolean;
  attachStderr: boolean;
  privileged: boolean;
  running: boolean;
  exitCode: number | null;
  pid: number;
}

export class ExecService {
  private readonly execs = new Map<string, ExecRecord>();

  constructor(private readonly containers: ContainerService, private readonly tmpRoot: string) {}

  create(containerRef: string, body: Record<string, any>): ExecRecord { // eslint-disable-line @typescript-eslint/no-explicit-any
    const rec = this.containers.store.get(containerRef);
    if (rec.state.status === "paused") throw conflict(`Container ${rec.id} is paused, unpause the container before exec`, containerRef);
    if (rec.state.status !== "running") throw conflict(`container ${rec.id} is not running`, containerRef);
    if (!Array.isArray(body.Cmd) || body.Cmd.length === 0) throw invalidArgument("No exec command specified");
    const e: ExecRecord = {
      id: randomBytes(32).toString("hex"),
      containerId: rec.id,
      cmd: body.Cmd.map(String),
      env: Array.isArray(body.Env) ? body.Env.map(String) : [],
      user: String(body.User ?? ""),
      workingDir: String(body.WorkingDir ?? ""),
      tty: body.Tty === true,
      attachStdin: body.AttachStdin === true,
      attachStdout: body.AttachStdout === true,
      attachStderr: body.AttachStderr === true,
      privileged: body.Privileged === true,
      running: false,
      exitCode: null,
      pid: 0,
    };
    this.execs.set(e.id, e);
    return e;
  }

  get(id: string): ExecRecord {
    const e = this.execs.get(id);
    if (!e) throw notFound(`No such exec instance: ${id}`, id);
    return e;
  }

  /** Starts the exec; output goes to `out` (framed unless Tty) and input is read from `input` when attached. */
  start(e: ExecRecord, io: { socket?: Duplex; detach: boolean }): Promise<number> {
    if (e.running || e.exitCode !== null) throw conflict(`Error: Exec command ${e.id} has already run`, e.id);
    const rec = this.containers.store.get(e.containerId);
    if (rec.state.status !== "running") throw conflict(`container ${rec.id} is not running`, rec.id);
    const base = JSON.parse(readFileSync(join(this.containers.store.dir(rec.id), "config.json"), "utf8")).process;
    const envMap = new Map<string, string>();
    for (const kv of [...(base.env as string[]), ...e.env]) envMap.set(kv.split("=", 1)[0]!, kv);
    if (e.tty && !envMap.has("TERM")) envMap.set("TERM", "TERM=xterm");
    const proc = {
      ...base,
      terminal: false,
      args: e.cmd,
      env: [...envMap.values()],
      cwd: e.workingDir || base.cwd,
      user: e.user ? resolveUser(e.user, rec.lowerDirs) : base.user,
    };
    delete proc.consoleSize;
    try {
      checkExecutable(this.containers.rootfsOf(rec), e.cmd[0]!, proc.env, proc.cwd);
    } catch (err) {
      // dockerd records 126 for an exec that could not start and reports the runtime's reason in-band.
      e.exitCode = 126;
      const why = (err as Error).message.replace(/^failed to create task for container: /, "");
      if (!io.detach) io.socket?.write(frame("stdout", Buffer.from(`OCI runtime exec failed: exec failed: unable to start container process: ${why}: unknown\r\n`), e.tty));
      return Promise.resolve(126);
    }
    const dir = join(this.tmpRoot, e.id.slice(0, 16));
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const procFile = join(dir, "process.json");
    writeFileSync(procFile, JSON.stringify(proc));
    const argv = [this.containers.runtimePath, "--root", this.containers.runtimeRoot, "exec", "--process", procFile, rec.id];
    const child = e.tty
      ? spawn("script", ["-qefc", argv.map(shellQuote).join(" "), "/dev/null"], { stdio: ["pipe", "pipe", "pipe"] })
      : spawn(argv[0]!, argv.slice(1), { stdio: [e.attachStdin && !io.detach ? "pipe" : "ignore", "pipe", "pipe"] });
    e.running = true;
    e.pid = child.pid ?? 0;
    const socket = io.detach ? undefined : io.socket;
    // The client may hang up while the exec still prints (a web console closed mid-session): its output is then
    // dropped, never written to the dead connection, and a write error (EPIPE/ECONNRESET) only ends the
    // connection — it must never take the daemon down.
    const send = (d: Buffer) => {
      if (socket && socket.writable && !socket.destroyed) socket.write(d);
    };
    socket?.on("error", () => socket.destroy());
    child.stdout!.on("data", (d: Buffer) => e.attachStdout && send(frame("stdout", d, e.tty)));
    child.stderr!.on("data", (d: Buffer) => e.attachStderr && send(frame("stderr", d, e.tty)));
    if (socket && child.stdin) {
      // Hang-up (half-close or a dropped connection) = end of input, like dockerd closing the exec's stdin;
      // with a TTY that is an EOF character, which ends an interactive shell.
      let inputEnded = false;
      const endInput = () => {
        if (inputEnded || child.stdin!.destroyed) return;
        inputEnded = true;
        if (e.tty) child.stdin!.write("\x04");
        else child.stdin!.end();
      };
      socket.on("data", (d: Buffer) => e.attachStdin && !child.stdin!.destroyed && child.stdin!.write(d));
      socket.on("end", endInput);
      socket.on("close", endInput);
      child.stdin.on("error", () => {});
      socket.resume();
    }
    return new Promise((resolve) => {
      child.on("error", (err) => {
        e.running = false;
        e.exitCode = 126;
        send(frame("stderr", Buffer.from(`${err.message}\n`), e.tty));
        resolve(126);
      });
      child.on("close", (code, signal) => {
        e.running = false;
        e.exitCode = code ?? (signal ? 128 + 9 : 255);
        rmSync(dir, { recursive: true, force: true });
        resolve(e.exitCode);
      });
    });
  }

  inspect(e: ExecRecord): Record<string, unknown> {
    return {
      CanRemove: false,
      ContainerID: e.containerId,
      DetachKeys: "",
      ExitCode: e.exitCode,
      ID: e.id,
      OpenStderr: e.attachStderr,
      OpenStdin: e.attachStdin,
      OpenStdout: e.attachStdout,
      ProcessConfig: { arguments: e.cmd.slice(1), entrypoint: e.cmd[0], privileged: e.privileged, tty: e.tty, user: e.user },
      Running: e.running,
      Pid: e.pid,
    };
  }

  static notStarted(): EngineError {
    return new EngineError("InvalidArgument", "exec not started");
  }
}

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}
