// /ws/logs?environmentId&containerId[&tail=N][&since=unixSeconds]: follows a container's logs.
// Server → client: {"type":"lines","lines":[{stream,time,text}]} batched every FLUSH_MS, {"type":"end"} when
// the container's output ends, {"type":"error","message"}. Closing the socket stops the engine stream.
import { PassThrough, type Readable } from "node:stream";
import type { WebSocket } from "ws";
import type { Database } from "../../db/client";
import type { Logger } from "../../log";
import type { SessionUser } from "../../services/auth/get-principal";
import { createLineSplitter, type LogLine } from "../../services/containers/split-log-lines";
import { closeWithError, openContainer, send } from "./open-container";

const FLUSH_MS = 100;
export const DEFAULT_TAIL = 500;
const MAX_TAIL = 10_000;
/** If the browser cannot keep up, lines beyond this many waiting are dropped (with a notice). */
const MAX_BUFFERED_LINES = 5000;

export function createLogsChannel(db: Database) {
  return (ws: WebSocket, params: URLSearchParams, user: SessionUser, log: Logger, clientAddress: string) => {
    void (async () => {
      const opened = await openContainer(db, ws, params, user, "container:logs", { channel: "logs", log, clientAddress });
      if (!opened) return;
      const tailParam = Number(params.get("tail") ?? DEFAULT_TAIL);
      const tail = Number.isInteger(tailParam) && tailParam >= 0 ? Math.min(tailParam, MAX_TAIL) : DEFAULT_TAIL;
      let source: Readable;
      try {
        source = (await opened.container.logs({
          follow: true,
          stdout: true,
          stderr: true,
          timestamps: true,
          tail,
        })) as unknown as Readable;
      } catch (error) {
        return closeWithError(ws, `logs: ${(error as Error).message}`);
      }
      if (ws.readyState !== ws.OPEN) return source.destroy();

      let pending: LogLine[] = [];
      let dropped = 0;
      const collect = (lines: LogLine[]) => {
        pending.push(...lines);
        if (pending.length > MAX_BUFFERED_LINES) {
          dropped += pending.length - MAX_BUFFERED_LINES;
          pending = pending.slice(-MAX_BUFFERED_LINES);
        }
      };
      const flush = () => {
        if (dropped > 0) send(ws, { type: "notice", message: `${dropped} lines skipped (too fast to show)` });
        dropped = 0;
        if (pending.length > 0) send(ws, { type: "lines", lines: pending });
        pending = [];
      };
      const timer = setInterval(flush, FLUSH_MS);

      const out = createLineSplitter("stdout");
      const err = createLineSplitter("stderr");
      if (opened.info.Config.Tty) {
        // TTY output is one raw stream (no multiplexing header).
        source.on("data", (chunk: Buffer) => collect(out.push(chunk)));
      } else {
        const stdout = new PassThrough();
        const stderr = new PassThrough();
        stdout.on("data", (chunk: Buffer) => collect(out.push(chunk)));
        stderr.on("data", (chunk: Buffer) => collect(err.push(chunk)));
        opened.docker.modem.demuxStream(source, stdout, stderr);
      }
      const finish = () => {
        collect([...out.flush(), ...err.flush()]);
        clearInterval(timer);
        flush();
        send(ws, { type: "end" });
      };
      source.on("end", finish);
      source.on("error", (error) => {
        log.debug({ err: error }, "log stream error");
        clearInterval(timer);
        closeWithError(ws, `logs: ${error.message}`);
      });
      ws.on("close", () => {
        clearInterval(timer);
        source.destroy();
      });
    })();
  };
}
