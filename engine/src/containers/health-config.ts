// Config.Healthcheck (API HealthConfig): validation with dockerd 20.10's wording, the merge with the image's
// HEALTHCHECK (moby daemon/merge.go: zero fields of the create body take the image's), and the effective timings
// with dockerd's defaults (daemon/health.go). Durations are nanoseconds on the wire.
import { invalidArgument } from "../errors.js";

export interface HealthConfig {
  /** [] inherit, ["NONE"] disabled, ["CMD", args...], ["CMD-SHELL", command]. */
  Test?: string[];
  Interval?: number;
  Timeout?: number;
  StartPeriod?: number;
  StartInterval?: number;
  Retries?: number;
}

const NS_PER_MS = 1_000_000;
/** API MinimumDuration: 1 ms. */
const MIN_DURATION_NS = NS_PER_MS;

export const HEALTH_DEFAULTS = {
  intervalMs: 30_000,
  timeoutMs: 30_000,
  startPeriodMs: 0,
  retries: 3,
} as const;

/** dockerd's create-time checks (daemon/container.go verifyContainerSettings). */
export function validateHealthcheck(raw: unknown): void {
  if (raw === undefined || raw === null) return;
  if (typeof raw !== "object" || Array.isArray(raw)) throw invalidArgument("invalid Config.Healthcheck: not an object");
  const h = raw as Record<string, unknown>;
  if (h.Test !== undefined && h.Test !== null && (!Array.isArray(h.Test) || h.Test.some((t) => typeof t !== "string"))) throw invalidArgument("invalid Config.Healthcheck.Test: not a list of strings");
  for (const k of ["Interval", "Timeout", "StartPeriod", "StartInterval", "Retries"] as const) {
    if (h[k] !== undefined && h[k] !== null && (typeof h[k] !== "number" || !Number.isInteger(h[k]))) throw invalidArgument(`invalid Config.Healthcheck.${k}: ${JSON.stringify(h[k])}`);
  }
  const n = (k: string) => (h[k] as number | undefined) ?? 0;
  if (n("Interval") !== 0 && n("Interval") < MIN_DURATION_NS) throw invalidArgument("Interval in Healthcheck cannot be less than 1ms");
  if (n("Timeout") !== 0 && n("Timeout") < MIN_DURATION_NS) throw invalidArgument("Timeout in Healthcheck cannot be less than 1ms");
  if (n("Retries") < 0) throw invalidArgument("Retries in Healthcheck cannot be negative");
  if (n("StartPeriod") !== 0 && n("StartPeriod") < MIN_DURATION_NS) throw invalidArgument("StartPeriod in Healthcheck cannot be less than 1ms");
  if (n("StartInterval") !== 0 && n("StartInterval") < MIN_DURATION_NS) throw invalidArgument("StartInterval in Healthcheck cannot be less than 1ms");
}

/** The create body's Healthcheck over the image's: absent → the image's; zero fields → the image's values. */
export function mergeHealthcheck(user: HealthConfig | null | undefined, image: HealthConfig | null | undefined): HealthConfig | undefined {
  if (!user) return image ?? undefined;
  if (!image) return user;
  return {
    ...user,
    Test: user.Test && user.Test.length ? user.Test : image.Test,
    Interval: user.Interval || image.Interval,
    Timeout: user.Timeout || image.Timeout,
    StartPeriod: user.StartPeriod || image.StartPeriod,
    StartInterval: user.StartInterval || image.StartInterval,
    Retries: user.Retries || image.Retries,
  };
}

export interface EffectiveHealthcheck {
  /** argv run inside the container. */
  argv: string[];
  intervalMs: number;
  timeoutMs: number;
  startPeriodMs: number;
  /** Probe interval inside the start period while starting: StartInterval (API ≥ 1.44) when set, else Interval
   * (dockerd 20.10, the reference the tests compare with, has no start interval). */
  startIntervalMs: number;
  retries: number;
}

/** The probe to run, or undefined when there is none (no Test, ["NONE"], or an unknown test type). */
export function effectiveHealthcheck(h: HealthConfig | null | undefined): EffectiveHealthcheck | undefined {
  const test = h?.Test ?? [];
  if (test.length === 0 || test[0] === "NONE") return undefined;
  let argv: string[];
  if (test[0] === "CMD") argv = test.slice(1);
  else if (test[0] === "CMD-SHELL") argv = ["/bin/sh", "-c", test.slice(1).join(" ")];
  else return undefined;
  if (argv.length === 0) return undefined;
  const ms = (ns: number | undefined, def: number) => (ns && ns > 0 ? Math.max(1, Math.round(ns / NS_PER_MS)) : def);
  return {
    argv,
    intervalMs: ms(h!.Interval, HEALTH_DEFAULTS.intervalMs),
    timeoutMs: ms(h!.Timeout, HEALTH_DEFAULTS.timeoutMs),
    startPeriodMs: ms(h!.StartPeriod, HEALTH_DEFAULTS.startPeriodMs),
    startIntervalMs: ms(h!.StartInterval, ms(h!.Interval, HEALTH_DEFAULTS.intervalMs)),
    retries: h!.Retries && h!.Retries > 0 ? h!.Retries : HEALTH_DEFAULTS.retries,
  };
}
