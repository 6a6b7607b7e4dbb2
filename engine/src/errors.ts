// The engine's one error type. Every failure the API can report is an EngineError with a kind from a closed set
// and the name of the object it concerns; the HTTP edge maps kinds to Docker's status codes in one table
// (api/http-errors.ts). Messages are what the docker CLI prints, so they follow Docker's wording.

export const ERROR_KINDS = [
  "NotFound",
  "AlreadyExists",
  "InvalidArgument",
  "Conflict",
  "Unavailable",
  "Unauthorized",
  "Forbidden",
  "NotImplemented",
  "Internal",
] as const;
export type ErrorKind = (typeof ERROR_KINDS)[number];

export class EngineError extends Error {
  readonly kind: ErrorKind;
  /** The object the error concerns, e.g. a container name or an image reference; may be empty. */
  readonly object: string;

  constructor(kind: ErrorKind, message: string, opts: { object?: string; cause?: unknown } = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = "EngineError";
    this.kind = kind;
    this.object = opts.object ?? "";
  }
}

export function isEngineError(err: unknown): err is EngineError {
  return err instanceof EngineError;
}

export const notFound = (message: string, object?: string) => new EngineError("NotFound", message, { object });
export const invalidArgument = (message: string, object?: string) =>
  new EngineError("InvalidArgument", message, { object });
export const conflict = (message: string, object?: string) => new EngineError("Conflict", message, { object });
export const notImplemented = (message: string) => new EngineError("NotImplemented", message);
