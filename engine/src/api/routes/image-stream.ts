// Streams Docker jsonmessage lines (one JSON per line, "\r\n" as dockerd) for pull/push/load/import. The 200
// header goes out with the first message, so an error before any progress is still a proper HTTP error
// (dockerd's "output not flushed" rule); an error after it is written in-band as errorDetail/error.
import type { ServerResponse } from "node:http";
import { toEngineError } from "../http-errors.js";
import type { ProgressMessage } from "../../images/progress.js";

export interface JsonStream {
  write(m: ProgressMessage): void;
  started(): boolean;
  /** Ends the stream, or rethrows `err` when nothing was sent yet (so the caller answers with a status). */
  fail(err: unknown): void;
  end(): void;
}

export function openJsonStream(res: ServerResponse): JsonStream {
  let started = false;
  const start = () => {
    if (started) return;
    started = true;
    res.writeHead(200, { "Content-Type": "application/json" });
  };
  return {
    write(m) {
      start();
      res.write(`${JSON.stringify(m)}\r\n`);
    },
    started: () => started,
    fail(err) {
      if (!started) throw err;
      const message = toEngineError(err).message;
      res.write(`${JSON.stringify({ errorDetail: { message }, error: message })}\r\n`);
      res.end();
    },
    end() {
      start();
      res.end();
    },
  };
}
