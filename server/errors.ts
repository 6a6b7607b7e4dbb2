// The ONE error type of the control plane. Services throw AppError with a closed kind; the tRPC edge maps
// kinds to transport codes in exactly one exhaustive table (TRPC_CODE_BY_KIND).
import type { TRPC_ERROR_CODE_KEY } from "@trpc/server/rpc";

export const ERROR_KINDS = [
  "NotFound",
  "AlreadyExists",
  "InvalidArgument",
  "Conflict",
  "Unavailable",
  "Unauthorized",
  "Forbidden",
  "NotImplemented",
  "TooManyRequests",
] as const;
export type ErrorKind = (typeof ERROR_KINDS)[number];

/** Exhaustive: adding a kind without a code is a type error. */
export const TRPC_CODE_BY_KIND = {
  NotFound: "NOT_FOUND",
  AlreadyExists: "CONFLICT",
  InvalidArgument: "BAD_REQUEST",
  Conflict: "CONFLICT",
  Unavailable: "SERVICE_UNAVAILABLE",
  Unauthorized: "UNAUTHORIZED",
  Forbidden: "FORBIDDEN",
  NotImplemented: "NOT_IMPLEMENTED",
  TooManyRequests: "TOO_MANY_REQUESTS",
} as const satisfies Record<ErrorKind, TRPC_ERROR_CODE_KEY>;

export type AppErrorOptions = {
  /** The underlying error, for logs only; never shown to users. */
  cause?: unknown;
  /** Per-field messages for forms, keyed by input field name. */
  fieldErrors?: Record<string, string[]>;
};

export class AppError extends Error {
  readonly kind: ErrorKind;
  readonly fieldErrors?: Record<string, string[]>;

  /** `message` is shown to users as is: say what failed and what to do, name the object. */
  constructor(kind: ErrorKind, message: string, options: AppErrorOptions = {}) {
    super(message, { cause: options.cause });
    this.name = "AppError";
    this.kind = kind;
    this.fieldErrors = options.fieldErrors;
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}
