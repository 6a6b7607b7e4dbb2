// Structured logs for the engine (pino, to stderr like dockerd). Secrets that can travel through the API
// (registry credentials in X-Registry-Auth, TLS keys, passwords) are redacted wherever they appear in a log object.
import pino, { type Logger } from "pino";

export const LOG_LEVELS = ["trace", "debug", "info", "warn", "error", "fatal"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const REDACTED_PATHS = [
  "password",
  "*.password",
  "auth",
  "*.auth",
  "registryAuth",
  "*.registryAuth",
  "identitytoken",
  "*.identitytoken",
  "headers.authorization",
  "headers[\"x-registry-auth\"]",
  "headers[\"x-registry-config\"]",
  "req.headers.authorization",
  "req.headers[\"x-registry-auth\"]",
  "tlsKey",
  "*.tlsKey",
];

export function createLogger(level: LogLevel, destination: pino.DestinationStream = pino.destination(2)): Logger {
  return pino(
    {
      name: "wharfd",
      level,
      redact: { paths: REDACTED_PATHS, censor: "[redacted]" },
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination,
  );
}

export type { Logger };
