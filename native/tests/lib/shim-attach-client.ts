// Test client for wharf-shim's attach.sock (protocol: native/shim/README.md, "Attach protocol").
// Every message is a frame [type, 0, 0, 0, size u32 BE] + payload.
import { connect, type Socket } from "node:net";

export const FRAME = {
  stdin: 0,
  stdout: 1,
  stderr: 2,
  start: 0x80,
  resize: 0x81,
  closeStdin: 0x82,
  reply: 0x90,
  state: 0x91,
  exit: 0x92,
} as const;

export type Frame = { type: number; payload: Buffer };
export type ShimExit = { exitCode: number; signal: number; exitedAt: string };
export type ShimState = { id: string; pid: number; started: boolean; tty: boolean; stdin: boolean };

export function encodeFrame(type: number, payload: Buffer | string = Buffer.alloc(0)): Buffer {
  const body = typeof payload === "string" ? Buffer.from(payload) : payload;
  const header = Buffer.alloc(8);
  header[0] = type;
  header.writeUInt32BE(body.length, 4);
  return Buffer.concat([header, body]);
}

/** One connection to attach.sock that records every frame it receives. */
export class ShimAttachClient {
  readonly frames: Frame[] = [];
  private pending = Buffer.alloc(0);
  private waiters: Array<() => void> = [];
  private ended = false;

  private constructor(private readonly socket: Socket) {
    socket.on("data", (chunk) => this.receive(chunk));
    socket.on("close", () => {
      this.ended = true;
      this.notify();
    });
    socket.on("error", () => {});
  }

  /** Connects and waits for the STATE frame the shim sends first. */
  static async connect(path: string): Promise<{ client: ShimAttachClient; state: ShimState }> {
    const socket = connect(path);
    await new Promise<void>((resolve, reject) => {
      socket.once("connect", resolve);
      socket.once("error", reject);
    });
    const client = new ShimAttachClient(socket);
    const first = await client.waitForFrame((f) => f.type === FRAME.state);
    return { client, state: JSON.parse(first.payload.toString()) as ShimState };
  }

  private receive(chunk: Buffer) {
    this.pending = Buffer.concat([this.pending, chunk]);
    while (this.pending.length >= 8) {
      const size = this.pending.readUInt32BE(4);
      if (this.pending.length < 8 + size) break;
      this.frames.push({ type: this.pending[0]!, payload: this.pending.subarray(8, 8 + size) });
      this.pending = this.pending.subarray(8 + size);
    }
    this.notify();
  }

  private notify() {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  /** Resolves with the first frame (from `from` on) matching `match`; rejects on timeout or when the shim hangs up. */
  async waitForFrame(match: (f: Frame) => boolean, timeoutMs = 10_000, from = 0): Promise<Frame> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.frames.slice(from).find(match);
      if (found) return found;
      if (this.ended) throw new Error("attach socket closed before the expected frame arrived");
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for a frame; output so far: ${JSON.stringify(this.output())}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Sends a control frame and waits for its REPLY; throws with the shim's error text when it failed. */
  async request(type: number, payload: Buffer | string = Buffer.alloc(0)): Promise<void> {
    const from = this.frames.length;
    this.socket.write(encodeFrame(type, payload));
    const reply = await this.waitForFrame((f) => f.type === FRAME.reply && f.payload[0] === type, 30_000, from);
    const error = reply.payload.subarray(1).toString();
    if (error) throw new Error(error);
  }

  start(): Promise<void> {
    return this.request(FRAME.start);
  }

  resize(rows: number, cols: number): Promise<void> {
    const p = Buffer.alloc(4);
    p.writeUInt16BE(rows, 0);
    p.writeUInt16BE(cols, 2);
    return this.request(FRAME.resize, p);
  }

  closeStdin(): Promise<void> {
    return this.request(FRAME.closeStdin);
  }

  writeStdin(data: string | Buffer) {
    this.socket.write(encodeFrame(FRAME.stdin, data));
  }

  /** The concatenated payloads of output frames (stdout and stderr by default). */
  output(types: number[] = [FRAME.stdout, FRAME.stderr]): string {
    return Buffer.concat(this.frames.filter((f) => types.includes(f.type)).map((f) => f.payload)).toString();
  }

  async waitForOutput(pattern: RegExp, types?: number[], timeoutMs = 10_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const out = this.output(types);
      if (pattern.test(out)) return out;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${pattern}; output so far: ${JSON.stringify(out)}`);
      await this.waitForFrame(() => true, left, this.frames.length).catch(() => undefined);
      if (this.ended && !pattern.test(this.output(types))) throw new Error(`shim closed; output: ${JSON.stringify(this.output(types))}`);
    }
  }

  async waitForExit(timeoutMs = 30_000): Promise<ShimExit> {
    const f = await this.waitForFrame((x) => x.type === FRAME.exit, timeoutMs);
    return JSON.parse(f.payload.toString()) as ShimExit;
  }

  /** Stops reading from the socket (simulates a client that has stopped consuming output). */
  pause() {
    this.socket.pause();
  }

  close() {
    this.socket.destroy();
  }
}
