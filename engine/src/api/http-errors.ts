// The one table from error kind to HTTP status, and the one way errors leave the engine:
// `{"message": "..."}` with Content-Type exactly `application/json` (the docker CLI prints anything else raw).
import type { ServerResponse } from "node:http";
import { EngineError, type ErrorKind, isEngineError } from "../errors.js";

export const STATUS_BY_KIND = {
  NotFound: 404,
  AlreadyExists: 409,
  InvalidArgument: 400,
  Conflict: 409,
  Unavailable: 503,
  Unauthorized: 401,
  Forbidden: 403,
  NotImplemented: 501,
  Internal: 500,
} as const satisfies Record<ErrorKind, number>;

/** Converts anything thrown into an EngineError; unknown errors become Internal with their message kept. */
export function toEngineError(err: unknown): EngineError {
  if (isEngineError(err)) return err;
  return new EngineError("Internal", err instanceof Error ? err.message : String(err), { cause: err });
}

export function writeError(res: ServerResponse, err: unknown): void {
  const e = toEngineError(err);
  const body = JSON.stringify({ message: e.message });
  if (res.headersSent) {
    // Mid-stream (pull progress, logs): the status is gone; end the stream, the caller reports in-band.
    res.end();
    return;
  }
  res.writeHead(STATUS_BY_KIND[e.kind], {
    "Content-Type": "application/json",
    "Content-Length": Buffer.byteLength(body),
  });
  res.end(body);
}

export function writeJson(res: ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  res.writeHead(status, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(body) });
  res.end(body);
}
