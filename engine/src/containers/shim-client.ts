// Talking to wharf-shim (native/shim/README.md): launching it (the launch handshake: exit 0 + init pid on stdout,
// exit 1 + one error line), and connections to its attach.sock speaking the frame protocol (8-byte header: type,
// 3 zero bytes, u32 BE length).
import { execFile } from "node:child_process";
import { connect, type Socket } from "node:net";
import { EventEmitter } from "node:events";
import { EngineError } from "../errors.js";

export const FRAME = {
  stdin: 0x00,
  stdout: 0x01,
  stderr: 0x02,
  start: 0x80,
  resize: 0x81,
  closeStdin: 0x82,
  reply: 0x90,
  state: 0x91,
  exit: 0x92,
} as const;

export interface ShimLaunch {
  shim: string;
  runtime: string;
  runtimeRoot: string;
  id: string;
  bundle: string;
  stateDir: string;
  logPath: string;
  tty: boolean;
  stdin: boolean;
}

export interface ExitStatus {
  exitCode: number;
  signal: number;
  exitedAt: string;
}

/** Runs the shim launcher; resolves with the container init's host pid once the container is created. */
export function launchShim(o: ShimLaunch): Promise<number> {
  const args = ["--id", o.id, "--bundle", o.bundle, "--state-dir", o.stateDir, "--runtime", o.runtime, "--runtime-root", o.runtimeRoot, "--log-path", o.logPath];
  if (o.tty) args.push("--tty");
  if (o.stdin) args.push("--stdin");
  return new Promise((resolve, reject) => {
    execFile(o.shim, args, { timeout: 90_000 }, (err, stdout, stderr) => {
      if (err) {
        const msg = stderr.trim().replace(/^wharf-shim: /, "") || err.message;
        reject(new EngineError("Internal", `failed to create task for container: ${msg}`));
        return;
      }
      resolve(Number(stdout.trim()));
    });
  });
}

export interface ExecShimLaunch {
  shim: string;
  runtime: string;
  runtimeRoot: string;
  /** the container the exec runs in */
  id: string;
  /** runtime-spec process JSON for `RUNTIME exec --process` */
  processFile: string;
  stateDir: string;
  tty: boolean;
  stdin: boolean;
}

/**
 * Runs `wharf-shim exec` (native/shim/README.md "Exec mode"); resolves with the exec shim's own pid once its
 * attach.sock listens. Nothing runs in the container until a START frame.
 */
export function launchExecShim(o: ExecShimLaunch): Promise<number> {
  const args = ["exec", "--id", o.id, "--process", o.processFile, "--state-dir", o.stateDir, "--runtime", o.runtime, "--runtime-root", o.runtimeRoot];
  if (o.tty) args.push("--tty");
  if (o.stdin) args.push("--stdin");
  return new Promise((resolve, reject) => {
    execFile(o.shim, args, { timeout: 90_000 }, (err, stdout, stderr) => {
      if (err) {
        reject(new EngineError("Internal", `exec shim: ${stderr.trim().replace(/^wharf-shim: /, "") || err.message}`));
        return;
      }
      resolve(Number(stdout.trim()));
    });
  });
}

/** RESIZE payload: rows, cols as u16 BE. */
export function resizePayload(rows: number, cols: number): Buffer {
  const p = Buffer.alloc(4);
  p.writeUInt16BE(rows & 0xffff, 0);
  p.writeUInt16BE(cols & 0xffff, 2);
  return p;
}

export function encodeFrame(type: number, payload: Buffer = Buffer.alloc(0)): Buffer {
  const h = Buffer.alloc(8);
  h[0] = type;
  h.writeUInt32BE(payload.length, 4);
  return Buffer.concat([h, payload]);
}

/** Splits a byte stream into frames. */
export class FrameReader {
  private buf: Buffer = Buffer.alloc(0);
  push(chunk: Buffer, onFrame: (type: number, payload: Buffer) => void): void {
    this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk;
    while (this.buf.length >= 8) {
      const len = this.buf.readUInt32BE(4);
      if (this.buf.length < 8 + len) break;
      const type = this.buf[0]!;
      const payload = this.buf.subarray(8, 8 + len);
      this.buf = this.buf.subarray(8 + len);
      onFrame(type, payload);
    }
  }
}

/**
 * One connection to attach.sock. Emits "output" (type, payload) for STDOUT/STDERR, "exit" (ExitStatus) for the
 * EXIT frame, "close" when the connection ends. request() sends a control frame and resolves with its REPLY.
 */
export class ShimConnection extends EventEmitter {
  private readonly reader = new FrameReader();
  private readonly pendingReplies: { type: number; resolve: (err: string) => void }[] = [];
  state: { pid: number; started: boolean; tty: boolean; stdin: boolean } | undefined;
  exited: ExitStatus | undefined;

  private constructor(readonly socket: Socket) {
    super();
    socket.on("data", (d: Buffer) => this.reader.push(d, (t, p) => this.onFrame(t, p)));
    socket.on("error", () => {});
    socket.on("close", () => {
      for (const p of this.pendingReplies.splice(0)) p.resolve("connection to shim closed");
      this.emit("close");
    });
  }

  /** Connects and waits for the STATE frame. */
  static open(socketPath: string): Promise<ShimConnection> {
    return new Promise((resolve, reject) => {
      const socket = connect(socketPath);
      const conn = new ShimConnection(socket);
      const fail = (err: Error) => reject(err);
      socket.once("error", fail);
      conn.once("state", () => {
        socket.off("error", fail);
        resolve(conn);
      });
      conn.once("close", () => reject(new Error(`shim at ${socketPath} closed the connection`)));
    });
  }

  private onFrame(type: number, payload: Buffer): void {
    switch (type) {
      case FRAME.state:
        this.state = JSON.parse(payload.toString("utf8"));
        this.emit("state", this.state);
        break;
      case FRAME.stdout:
      case FRAME.stderr:
        this.emit("output", type, payload);
        break;
      case FRAME.reply: {
        const i = this.pendingReplies.findIndex((p) => p.type === payload[0]);
        const [p] = i >= 0 ? this.pendingReplies.splice(i, 1) : [];
        p?.resolve(payload.subarray(1).toString("utf8"));
        break;
      }
      case FRAME.exit:
        this.exited = JSON.parse(payload.toString("utf8")) as ExitStatus;
        this.emit("exit", this.exited);
        break;
    }
  }

  /** Sends START/RESIZE/CLOSE_STDIN; resolves with the error text ("" = success). */
  request(type: number, payload?: Buffer): Promise<string> {
    return new Promise((resolve) => {
      this.pendingReplies.push({ type, resolve });
      this.socket.write(encodeFrame(type, payload));
    });
  }

  writeStdin(data: Buffer): void {
    if (data.length) this.socket.write(encodeFrame(FRAME.stdin, data));
  }

  close(): void {
    this.socket.destroy();
  }
}
