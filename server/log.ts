// Structured logging (pino). One root logger per process; a child logger per request carries requestId,
// userId and clientAddress. Secrets are redacted wherever they appear in a logged object.
import { pino, type Logger } from "pino";
import { getConfig } from "./config";

/** Object paths whose values never reach a log line. */
export const REDACTED_PATHS = [
  "password",
  "confirmPassword",
  "passwordHash",
  "secret",
  "token",
  "key",
  "authorization",
  "cookie",
  "*.password",
  "*.confirmPassword",
  "*.passwordHash",
  "*.secret",
  "*.token",
  "*.key",
  "*.authorization",
  "*.cookie",
  "headers.authorization",
  "headers.cookie",
  "req.headers.authorization",
  "req.headers.cookie",
  "input.password",
  "input.confirmPassword",
] as const;

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: "wharf-control-plane" },
      redact: { paths: [...REDACTED_PATHS], censor: "[redacted]" },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination,
  );
}

const globalForLog = globalThis as unknown as { wharfLogger?: Logger };

/** The process-wide logger (level from WHARF_LOG_LEVEL). */
export function getLogger(): Logger {
  globalForLog.wharfLogger ??= createLogger(getConfig().logLevel);
  return globalForLog.wharfLogger;
}

export type { Logger };
