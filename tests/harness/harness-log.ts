// Structured logs for the harness (pino to stderr). Quiet by default so test output stays readable: warnings
// (e.g. a leftover that could not be removed) always show; set WHARF_HARNESS_LOG=debug to follow every step.
import pino from "pino";

const level = process.env.WHARF_HARNESS_LOG ?? "warn";

export const harnessLog = pino({ name: "wharf-harness", level, base: { pid: process.pid } }, pino.destination(2));
