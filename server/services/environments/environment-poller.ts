// The background status poller: every POLL_INTERVAL_MS it probes every environment in parallel, each probe
// bounded by PROBE_TIMEOUT_MS, and keeps the newest result per environment in memory. Pages read this
// snapshot, so a down host never holds up a page. One poller per process (kept on globalThis, because the
// Next.js bundle and the custom server load this module separately); its timer never keeps the process alive.
import type { Database } from "../../db/client";
import type { Logger } from "../../log";
import { getCredentialsKey } from "./credentials-key";
import { targetForEnvironment, type EnvironmentRow } from "./environment-target";
import { PROBE_TIMEOUT_MS, probeEnvironment, type EngineCounts, type EngineInfo } from "./probe-environment";
import type { EnvironmentStatus } from "./environment-kinds";

export const POLL_INTERVAL_MS = 5000;

export type EnvironmentHealth = {
  status: EnvironmentStatus;
  engine: EngineInfo | null;
  counts: EngineCounts | null;
  error: string | null;
  /** when this result was obtained */
  checkedAt: Date;
  /** the last time the host answered (kept while it is down); null if never */
  lastSeenAt: Date | null;
};

type PollerState = { health: Map<string, EnvironmentHealth>; timer?: NodeJS.Timeout; ticking?: Promise<void> };
const globalForPoller = globalThis as unknown as { wharfEnvironmentPoller?: PollerState };
const state: PollerState = (globalForPoller.wharfEnvironmentPoller ??= { health: new Map() });

/** Probes one environment now and records the result. */
export async function checkEnvironment(row: EnvironmentRow, getKey: () => Buffer = getCredentialsKey): Promise<EnvironmentHealth> {
  let target;
  try {
    target = targetForEnvironment(row, getKey);
  } catch (error) {
    return record(row.id, { status: "down", error: (error as Error).message });
  }
  const result = await probeEnvironment(target, PROBE_TIMEOUT_MS);
  return record(
    row.id,
    result.status === "up" ? { status: "up", engine: result.engine, counts: result.counts ?? null } : { status: "down", error: result.error },
  );
}

function record(
  id: string,
  result: { status: "up"; engine: EngineInfo; counts: EngineCounts | null } | { status: "down"; error: string },
): EnvironmentHealth {
  const now = new Date();
  const previous = state.health.get(id);
  const health: EnvironmentHealth =
    result.status === "up"
      ? { status: "up", engine: result.engine, counts: result.counts, error: null, checkedAt: now, lastSeenAt: now }
      : { status: "down", engine: null, counts: null, error: result.error, checkedAt: now, lastSeenAt: previous?.lastSeenAt ?? null };
  state.health.set(id, health);
  return health;
}

/** The newest health of an environment, if one was recorded within `maxAgeMs`. */
export function getEnvironmentHealth(id: string, maxAgeMs: number = POLL_INTERVAL_MS * 2): EnvironmentHealth | null {
  const health = state.health.get(id);
  return health && Date.now() - health.checkedAt.getTime() <= maxAgeMs ? health : null;
}

export function forgetEnvironmentHealth(id: string): void {
  state.health.delete(id);
}

/** Starts the poller once per process (later calls do nothing). */
export function startEnvironmentPoller(db: Database, log: Logger, intervalMs: number = POLL_INTERVAL_MS): void {
  if (state.timer) return;
  const tick = async () => {
    if (state.ticking) return;
    state.ticking = (async () => {
      try {
        const rows = await db.environment.findMany();
        await Promise.allSettled(rows.map((row) => checkEnvironment(row)));
        for (const id of state.health.keys()) if (!rows.some((r) => r.id === id)) state.health.delete(id);
      } catch (error) {
        log.warn({ err: error }, "environment poll failed");
      } finally {
        state.ticking = undefined;
      }
    })();
    await state.ticking;
  };
  state.timer = setInterval(() => void tick(), intervalMs);
  state.timer.unref();
  void tick();
}

export function stopEnvironmentPoller(): void {
  if (state.timer) clearInterval(state.timer);
  state.timer = undefined;
}
