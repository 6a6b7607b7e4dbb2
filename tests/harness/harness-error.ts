// The harness's one error type: a closed set of kinds plus the object the failure concerns (a binary, a port,
// an image reference). Tests print these when a real part (registry, dockerd, openssl) misbehaves.

export const HARNESS_ERROR_KINDS = ["Unavailable", "InvalidArgument", "Conflict", "CommandFailed", "Timeout"] as const;
export type HarnessErrorKind = (typeof HARNESS_ERROR_KINDS)[number];

export class HarnessError extends Error {
  readonly kind: HarnessErrorKind;
  /** What the error concerns, e.g. "/usr/sbin/dockerd" or "127.0.0.1:5000/busybox:latest"; may be empty. */
  readonly object: string;

  constructor(kind: HarnessErrorKind, message: string, opts: { object?: string; cause?: unknown } = {}) {
    super(opts.object ? `${opts.object}: ${message}` : message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = "HarnessError";
    this.kind = kind;
    this.object = opts.object ?? "";
  }
}
