import { describe, expect, it } from "vitest";
import { TRPCError } from "@trpc/server";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import { AppError, ERROR_KINDS, TRPC_CODE_BY_KIND } from "./errors";

const EXPECTED_HTTP_STATUS = {
  NotFound: 404,
  AlreadyExists: 409,
  InvalidArgument: 400,
  Conflict: 409,
  Unavailable: 503,
  Unauthorized: 401,
  Forbidden: 403,
  NotImplemented: 501,
  TooManyRequests: 429,
} as const;

describe("AppError → tRPC", () => {
  it("maps every kind, and only the known kinds", () => {
    expect(Object.keys(TRPC_CODE_BY_KIND).sort()).toEqual([...ERROR_KINDS].sort());
  });

  it.each(ERROR_KINDS)("%s reaches the client with the right HTTP status", (kind) => {
    const error = new TRPCError({ code: TRPC_CODE_BY_KIND[kind], message: "m" });
    expect(getHTTPStatusCodeFromError(error)).toBe(EXPECTED_HTTP_STATUS[kind]);
  });

  it("keeps the user message and the cause apart", () => {
    const cause = new Error("SQLITE_BUSY: database is locked");
    const error = new AppError("Unavailable", 'environment "prod": engine not reachable', { cause });
    expect(error.message).toBe('environment "prod": engine not reachable');
    expect(error.cause).toBe(cause);
    expect(error.kind).toBe("Unavailable");
  });
});
