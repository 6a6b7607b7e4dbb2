// Attach (Docker Engine API ContainerAttach and ContainerAttachWebsocket), shared by the hijacked HTTP form
// (POST /containers/{id}/attach → 101, multiplexed frames without a TTY, raw with one) and the websocket form
// (GET /containers/{id}/attach/ws: stdin, stdout and stderr always, never multiplexed; binary frames from API 1.28,
// text frames before, as dockerd). Query: logs=1 replays the container's log first; stream=0 ends after that
// replay; detachKeys (default ctrl-p,ctrl-q) ends the attach, leaving the container running, when typed on a TTY
// container's stdin. Output reaches the client from the shim's attach.sock (container-service attach()); stdin
// sent before the container starts is buffered.
import type { Duplex } from "node:stream";
import { WebSocketServer, type WebSocket } from "ws";
import type { ContainerRecord } from "../../containers/container-record.js";
import type { AttachClient, ContainerService } from "../../containers/container-service.js";
import { DetachScanner, parseDetachKeys } from "../../containers/detach-keys.js";
import { frame, streamLogs } from "../../containers/read-logs.js";
import { FRAME, type ShimConnection } from "../../containers/shim-client.js";
import type { RequestContext } from "../router.js";
import { writeUpgraded } from "./upgrade-response.js";

const flag = (ctx: RequestContext, k: string, dflt = false) => {
  const v = ctx.query.get(k);
  return v === null || v === "" ? dflt : ["1", "true", "True"].includes(v);
};

interface AttachOptions {
  stdin: boolean;
  stdout: boolean;
  stderr: boolean;
  logs: boolean;
  stream: boolean;
  detachKeys: Buffer;
}

/** Where output goes: `framed` peers get Docker's 8-byte stream headers (hijack without TTY). */
interface AttachPeer {
  framed: boolean;
  write(b: Buffer): void;
  end(): void;
}

/** One attached client: log replay, live output, stdin (with detach keys), and the end of all three. */
class AttachSession {
  private conn: ShimConnection | undefined;
  private readonly early: Buffer[] = [];
  private finished = false;
  private inputEnded = false;
  private readonly scanner: DetachScanner | undefined;
  private readonly client: AttachClient;

  constructor(
    private readonly svc: ContainerService,
    private readonly rec: ContainerRecord,
    private readonly o: AttachOptions,
    private readonly peer: AttachPeer,
  ) {
    this.scanner = o.stdin && rec.config.Tty === true ? new DetachScanner(o.detachKeys) : undefined;
    this.client = {
      connect: (c) => {
        if (this.finished) return c.close();
        this.conn = c;
        c.on("output", (type: number, payload: Buffer) => {
          if ((type === FRAME.stdout && !o.stdout) || (type === FRAME.stderr && !o.stderr)) return;
          this.peer.write(this.peer.framed ? frame(type === FRAME.stderr ? "stderr" : "stdout", payload, false) : payload);
        });
        c.on("exit", () => this.finish());
        c.on("close", () => this.finish());
        for (const b of this.early.splice(0)) c.writeStdin(b);
        if (this.inputEnded) this.closeStdinIfOnce();
      },
    };
  }

  async begin(): Promise<void> {
    if (this.o.logs) {
      await streamLogs(
        this.svc.logPath(this.rec),
        { stdout: this.o.stdout, stderr: this.o.stderr, sinceNs: 0n, untilNs: 0n, timestamps: false, tail: -1, follow: false, tty: !this.peer.framed },
        (b) => this.peer.write(b),
        () => false,
        () => this.finished,
      );
    }
    if (!this.o.stream) return this.finish();
    if (this.finished) return;
    await this.svc.attach(this.rec, this.client).catch(() => this.finish());
  }

  input(d: Buffer): void {
    if (!this.o.stdin || this.finished) return;
    let data = d;
    if (this.scanner) {
      const r = this.scanner.feed(d);
      if (r.detach) return this.detach();
      data = r.forward;
      if (!data.length) return;
    }
    if (this.conn) this.conn.writeStdin(data);
    else this.early.push(data);
  }

  inputEnd(): void {
    this.inputEnded = true;
    if (this.o.stdin) this.closeStdinIfOnce();
  }

  /**
   * StdinOnce: the client's stdin EOF closes the container's stdin — without a TTY only, as dockerd
   * (container/stream/attach.go): a TTY client that goes away (or detaches) leaves the shell running.
   */
  private closeStdinIfOnce(): void {
    if (this.conn && this.rec.config.StdinOnce && this.rec.config.Tty !== true) void this.conn.request(FRAME.closeStdin);
  }

  /** The detach sequence: the client goes, the container (and its stdin) stays. */
  private detach(): void {
    this.svc.emit(this.rec, "detach");
    this.finish();
  }

  finish(): void {
    if (this.finished) return;
    this.finished = true;
    this.svc.detachPending(this.rec.id, this.client);
    this.conn?.close();
    this.peer.end();
  }
}

function options(ctx: RequestContext, rec: ContainerRecord, all: boolean): AttachOptions {
  return {
    stdin: (all || flag(ctx, "stdin")) && rec.config.OpenStdin === true,
    stdout: all || flag(ctx, "stdout"),
    stderr: all || flag(ctx, "stderr"),
    logs: flag(ctx, "logs"),
    stream: flag(ctx, "stream", all),
    detachKeys: parseDetachKeys(ctx.query.get("detachKeys")),
  };
}

/** POST /containers/{id}/attach, hijacked: 101 UPGRADED, then the streams on the socket. */
export function attachHijacked(svc: ContainerService, rec: ContainerRecord, ctx: RequestContext, socket: Duplex, head: Buffer): void {
  const tty = rec.config.Tty === true;
  const o = options(ctx, rec, false);
  writeUpgraded(socket, tty);
  const session = new AttachSession(svc, rec, o, { framed: !tty, write: (b) => socket.write(b), end: () => socket.end() });
  if (head.length) session.input(head);
  socket.on("data", (d: Buffer) => session.input(d));
  socket.on("end", () => session.inputEnd());
  socket.on("error", () => session.finish());
  socket.on("close", () => session.finish());
  void session.begin();
}

const wss = new WebSocketServer({ noServer: true });

/** GET /containers/{id}/attach/ws: a websocket carrying the raw streams both ways. */
export function attachWebsocket(svc: ContainerService, rec: ContainerRecord, ctx: RequestContext, socket: Duplex, head: Buffer): void {
  const o = options(ctx, rec, true);
  const [major, minor] = ctx.apiVersion.split(".").map(Number) as [number, number];
  const binary = major > 1 || minor >= 28;
  wss.handleUpgrade(ctx.req, socket, head, (ws: WebSocket) => {
    const session = new AttachSession(svc, rec, o, {
      framed: false,
      write: (b) => ws.send(b, { binary }),
      end: () => ws.close(),
    });
    ws.on("message", (data: Buffer | ArrayBuffer | Buffer[]) => session.input(Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as Buffer)));
    ws.on("close", () => {
      session.inputEnd();
      session.finish();
    });
    ws.on("error", () => session.finish());
    void session.begin();
  });
}
