// Translates a Docker Engine API error (dockerode: statusCode + json.message) into the one AppError type,
// naming the object: `container "web": No such container: web`. Status → kind per Docker's API docs.
import { AppError, type ErrorKind } from "../../errors";
import { describeProbeError } from "../environments/probe-environment";

const KIND_BY_STATUS: Record<number, ErrorKind> = {
  400: "InvalidArgument",
  401: "Unauthorized",
  403: "Forbidden",
  404: "NotFound",
  409: "Conflict",
  501: "NotImplemented",
};

/** The engine's own message ({"message": ...}), else a transport-level reason. */
export function engineMessageOf(error: unknown): string {
  const e = error as { json?: { message?: string } | null; reason?: string; statusCode?: number; message?: string };
  if (e?.json && typeof e.json === "object" && typeof e.json.message === "string") return e.json.message;
  if (typeof e?.statusCode === "number") {
    const m = /\(HTTP code \d+\)[^-]*-\s*(.*)$/s.exec(e.message ?? "");
    return (m?.[1] ?? e.reason ?? e.message ?? "engine error").trim();
  }
  return describeProbeError(error);
}

export function toAppError(error: unknown, objectName: string): AppError {
  if (error instanceof AppError) return error;
  const status = (error as { statusCode?: number })?.statusCode;
  const kind: ErrorKind = typeof status === "number" ? (KIND_BY_STATUS[status] ?? "Unavailable") : "Unavailable";
  return new AppError(kind, `${objectName}: ${engineMessageOf(error)}`, { cause: error });
}

/** True for 304 Not Modified (already started / already stopped): the wanted state holds. */
export function isNotModified(error: unknown): boolean {
  return (error as { statusCode?: number })?.statusCode === 304;
}
