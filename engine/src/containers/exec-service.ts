// docker exec: records (in memory, as dockerd keeps them) and running a process in a container through
// `wharf-shim exec` (native/shim/README.md "Exec mode"): the shim runs `RUNTIME exec --detach --process FILE ID`
// on START, owns the process's stdio (pipes, or the PTY master it receives over the console socket), applies
// RESIZE to that PTY and reports the exit code in its EXIT frame — the same frame protocol as a container's
// attach. The exec's process is the container's process (user, caps, env) with the exec's overrides.
import { randomBytes } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Duplex } from "node:stream";
import { conflict, EngineError, invalidArgument, notFound } from "../errors.js";
import type { ContainerRecord } from "./container-record.js";
import type { ContainerService } from "./container-service.js";
import { computeCapabilities, resolveUser } from "./oci-spec.js";
import { checkExecutable } from "./find-executable.js";
import { frame } from "./read-logs.js";
import { type ExitStatus, FRAME, launchExecShim, resizePayload, ShimConnection } from "./shim-client.js";

/** How long a resize waits for its exec to start (dockerd's exec resize waits 10 s for the session). */
const RESIZE_WAIT_MS = 10_000;

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
  /** Per exec: resolves with the shim connection once the process runs (undefined if it never will). */
  private readonly ready = new Map<string, { promise: Promise<ShimConnection | undefined>; resolve: (c: ShimConnection | undefined) => void }>();

  constructor(private readonly containers: ContainerService, private readonly tmpRoot: string) {
    this.removeStaleExecDirs();
  }

  /**
   * Exec records live in memory, so after a daemon restart the dirs of ended execs are garbage. An exec shim still
   * running (its process outlived the daemon) keeps its dir; it goes at a later start, once that shim has ended.
   */
  private removeStaleExecDirs(): void {
    let entries: string[];
    try {
      entries = readdirSync(this.tmpRoot);
    } catch {
      return; // no exec yet
    }
    for (const name of entries) {
      const dir = join(this.tmpRoot, name);
      const pid = readPid(join(dir, "state", "shim.pid"));
      if (pid > 0 && isExecShim(pid)) continue;
      rmSync(dir, { recursive: true, force: true });
    }
  }

  create(containerRef: string, body: Record<string, any>): ExecRecord { // eslint-disable-line @typescript-eslint/no-explicit-any
    const rec = this.containers.store.get(containerRef);
    if (rec.state.status === "paused") throw conflict(`Container ${rec.id} is paused, unpause the container before exec`, containerRef);
    if (rec.state.status === "restarting") throw conflict(`Container ${rec.id} is restarting, wait until the container is running`, containerRef);
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
    this.containers.emit(rec, `exec_create: ${e.cmd.join(" ")}`, { execID: e.id }); // dockerd's exec events
    let resolve!: (c: ShimConnection | undefined) => void;
    const promise = new Promise<ShimConnection | undefined>((r) => (resolve = r));
    this.ready.set(e.id, { promise, resolve });
    return e;
  }

  get(id: string): ExecRecord {
    const e = this.execs.get(id);
    if (!e) throw notFound(`No such exec instance: ${id}`, id);
    return e;
  }

  /**
   * Starts the exec; output goes to the hijacked `socket` (framed unless Tty) and its input comes from it. Resolves
   * with the exit code once the process has ended. `consoleSize` ([rows, cols], API ≥ 1.42) sizes the PTY at once.
   */
  start(e: ExecRecord, io: { socket?: Duplex; detach: boolean; consoleSize?: [number, number] }): Promise<number> {
    // Refusals are thrown here, synchronously, so a detached start can still answer them with an HTTP error.
    if (e.running || e.exitCode !== null) throw conflict(`Error: Exec command ${e.id} has already run`, e.id);
    const rec = this.containers.store.get(e.containerId);
    if (rec.state.status !== "running") throw conflict(`container ${rec.id} is not running`, rec.id);
    this.containers.emit(rec, `exec_start: ${e.cmd.join(" ")}`, { execID: e.id });
    return this.run(e, rec, io);
  }

  private async run(e: ExecRecord, rec: ContainerRecord, io: { socket?: Duplex; detach: boolean; consoleSize?: [number, number] }): Promise<number> {
    const base = JSON.parse(readFileSync(join(this.containers.store.dir(rec.id), "config.json"), "utf8")).process;
    const envMap = new Map<string, string>();
    for (const kv of [...(base.env as string[]), ...e.env]) envMap.set(kv.split("=", 1)[0]!, kv);
    if (e.tty && !envMap.has("TERM")) envMap.set("TERM", "TERM=xterm");
    const proc = {
      ...base,
      terminal: e.tty,
      args: e.cmd,
      env: [...envMap.values()],
      cwd: e.workingDir || base.cwd,
      user: e.user ? resolveUser(e.user, rec.lowerDirs) : base.user,
    };
    // `docker exec --privileged`: every capability, as `docker run --privileged` gets (dockerd execs likewise).
    if (e.privileged) {
      const all = computeCapabilities(true, [], []);
      proc.capabilities = { bounding: all, effective: all, permitted: all, inheritable: [], ambient: [] };
    }
    delete proc.consoleSize;
    if (e.tty && io.consoleSize && io.consoleSize[0] > 0 && io.consoleSize[1] > 0) proc.consoleSize = { height: io.consoleSize[0], width: io.consoleSize[1] };
    const socket = io.detach ? undefined : io.socket;
    // The client may hang up while the exec still prints (a web console closed mid-session): its output is then
    // dropped, never written to the dead connection, and a write error (EPIPE/ECONNRESET) only ends the
    // connection — it must never take the daemon down.
    const send = (d: Buffer) => {
      if (socket && socket.writable && !socket.destroyed) socket.write(d);
    };
    socket?.on("error", () => socket.destroy());
    const failed = (why: string) => {
      // dockerd records 126 for an exec that could not start and reports the runtime's reason in-band.
      e.running = false;
      e.exitCode = 126;
      send(frame("stdout", Buffer.from(`OCI runtime exec failed: exec failed: unable to start container process: ${why}: unknown\r\n`), e.tty));
      this.ready.get(e.id)?.resolve(undefined);
      return 126;
    };
    try {
      checkExecutable(this.containers.rootfsOf(rec), e.cmd[0]!, proc.env, proc.cwd);
    } catch (err) {
      return failed((err as Error).message.replace(/^failed to create task for container: /, ""));
    }
    const dir = join(this.tmpRoot, e.id.slice(0, 16));
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const processFile = join(dir, "process.json");
    writeFileSync(processFile, JSON.stringify(proc));
    const stateDir = join(dir, "state");
    const wantStdin = e.attachStdin && !!socket;
    e.running = true;
    let conn: ShimConnection;
    try {
      const shimPid = await launchExecShim({
        shim: this.containers.shimPath, runtime: this.containers.runtimeFor(rec).path, runtimeRoot: this.containers.runtimeFor(rec).root,
        id: rec.id, processFile, stateDir, tty: e.tty, stdin: wantStdin,
      });
      conn = await ShimConnection.open(join(stateDir, "attach.sock")).catch((err) => {
        process.kill(shimPid, "SIGKILL");
        throw err;
      });
    } catch (err) {
      rmSync(dir, { recursive: true, force: true });
      return failed((err as Error).message);
    }
    const exited = new Promise<ExitStatus | undefined>((resolve) => {
      conn.once("exit", resolve);
      conn.once("close", () => resolve(conn.exited ?? readExitJson(stateDir)));
    });
    conn.on("output", (type: number, payload: Buffer) => {
      if (type === FRAME.stdout ? e.attachStdout : e.attachStderr) send(frame(type === FRAME.stdout ? "stdout" : "stderr", payload, e.tty));
    });
    const startError = await conn.request(FRAME.start);
    if (startError) {
      await exited;
      conn.close();
      rmSync(dir, { recursive: true, force: true });
      return failed(startError.replace(/^"[^"]*" failed \(exit status \d+\): /, ""));
    }
    e.pid = readPid(join(stateDir, "init.pid"));
    if (proc.consoleSize) await conn.request(FRAME.resize, resizePayload(io.consoleSize![0], io.consoleSize![1]));
    this.ready.get(e.id)?.resolve(conn);
    if (socket && wantStdin) {
      // Hang-up (half-close or a dropped connection) = end of input, like dockerd closing the exec's stdin;
      // with a TTY the shim writes the EOF character, which ends an interactive shell.
      let inputEnded = false;
      const endInput = () => {
        if (inputEnded) return;
        inputEnded = true;
        void conn.request(FRAME.closeStdin);
      };
      socket.on("data", (d: Buffer) => conn.writeStdin(d));
      socket.on("end", endInput);
      socket.on("close", endInput);
      // A client that hung up while the shim was starting sent its "close" before these listeners existed.
      if (socket.destroyed || socket.readableEnded) endInput();
      socket.resume();
    }
    const status = await exited;
    conn.close();
    e.running = false;
    // No EXIT and no exit.json: the shim was killed; dockerd reports a lost process as 137-like "unknown" — 255.
    e.exitCode = status?.exitCode ?? 255;
    this.containers.emit(rec, "exec_die", { execID: e.id, exitCode: String(e.exitCode) });
    this.ready.get(e.id)?.resolve(undefined);
    rmSync(dir, { recursive: true, force: true });
    return e.exitCode;
  }

  /** POST /exec/{id}/resize: the PTY of a running Tty exec; a no-op otherwise (as dockerd's shim). */
  async resize(e: ExecRecord, rows: number, cols: number): Promise<void> {
    if (!e.tty || e.exitCode !== null) return;
    const ready = this.ready.get(e.id)!.promise;
    let wake!: () => void;
    const gaveUp = new Promise<undefined>((r) => (wake = () => r(undefined)));
    const timer = setTimeout(wake, RESIZE_WAIT_MS);
    const conn = await Promise.race([ready, gaveUp]);
    clearTimeout(timer);
    if (!conn || e.exitCode !== null) return;
    const err = await conn.request(FRAME.resize, resizePayload(rows, cols));
    if (err && e.exitCode === null) throw new EngineError("Internal", `resize exec ${e.id}: ${err}`);
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

function readPid(path: string): number {
  try {
    return Number(readFileSync(path, "utf8").trim()) || 0;
  } catch {
    return 0; // already exited and cleaned up by the shim
  }
}

/** True while pid is a live `wharf-shim exec` (not a recycled pid). */
function isExecShim(pid: number): boolean {
  try {
    const argv = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
    return argv[0]!.endsWith("wharf-shim") && argv[1] === "exec";
  } catch {
    return false;
  }
}

function readExitJson(stateDir: string): ExitStatus | undefined {
  try {
    return JSON.parse(readFileSync(join(stateDir, "exit.json"), "utf8")) as ExitStatus;
  } catch {
    return undefined;
  }
}
