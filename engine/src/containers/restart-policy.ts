// Restart policies (HostConfig.RestartPolicy: no, always, unless-stopped, on-failure[:N]) as dockerd applies them
// (moby restartmanager/restartmanager.go, daemon/monitor.go handleContainerExit, daemon/daemon.go restore):
//  - on every exit the policy decides; a restart waits a back-off that starts at 100 ms, doubles per restart up
//    to 1 min, and falls back to 100 ms when the run lasted 10 s or more; meanwhile the container is "restarting";
//  - `docker stop` (and `docker kill` with the stop signal) cancels restarts until the next manual start; a manual
//    start (`docker start`/`docker restart`) resets RestartCount and the back-off;
//  - at daemon start, stopped containers whose policy says so are started again: `always` even when the user
//    stopped them, `unless-stopped` only when not, `on-failure` when the last exit failed and retries remain.
// The manager keeps only timers and back-off in memory; RestartCount and the "manually stopped" flag live in the
// record, so they survive a daemon restart.
import { invalidArgument } from "../errors.js";
import type { Logger } from "../log.js";
import type { ContainerRecord } from "./container-record.js";
import type { ContainerHooks } from "./container-hooks.js";

export const RESTART_POLICY_NAMES = ["no", "always", "unless-stopped", "on-failure"] as const;
export type RestartPolicyName = (typeof RESTART_POLICY_NAMES)[number];

export interface RestartPolicy {
  Name: RestartPolicyName | "";
  MaximumRetryCount: number;
}

export const BACKOFF_START_MS = 100;
export const BACKOFF_MAX_MS = 60_000;
/** A run at least this long resets the back-off (dockerd: "ran for more than 10s"). */
export const BACKOFF_RESET_AFTER_MS = 10_000;

/**
 * Checks HostConfig.RestartPolicy (and its clash with AutoRemove) with dockerd 20.10's wording
 * (daemon/container.go validateRestartPolicy, verifyPlatformContainerSettings). Returns the normalized policy.
 */
export function validateRestartPolicy(raw: unknown, autoRemove: boolean): RestartPolicy {
  const p = (raw ?? {}) as { Name?: unknown; MaximumRetryCount?: unknown };
  const name = p.Name === undefined || p.Name === null ? "" : p.Name;
  const count = p.MaximumRetryCount === undefined || p.MaximumRetryCount === null ? 0 : p.MaximumRetryCount;
  if (typeof name !== "string") throw invalidArgument(`invalid restart policy '${String(name)}'`);
  if (typeof count !== "number" || !Number.isInteger(count)) throw invalidArgument("invalid restart policy: maximum retry count must be an integer");
  switch (name) {
    case "always":
    case "unless-stopped":
    case "no":
      if (count !== 0) throw invalidArgument(`maximum retry count cannot be used with restart policy '${name}'`);
      break;
    case "on-failure":
      if (count < 0) throw invalidArgument("maximum retry count cannot be negative");
      break;
    case "":
      break;
    default:
      throw invalidArgument(`invalid restart policy '${name}'`);
  }
  if (autoRemove && name !== "" && name !== "no") throw invalidArgument("can't create 'AutoRemove' container with restart policy");
  return { Name: name as RestartPolicyName | "", MaximumRetryCount: count };
}

/** The decision for one exit: restart after `delayMs`, or leave the container exited. */
export function decideRestart(
  policy: RestartPolicy,
  opts: { exitCode: number; manuallyStopped: boolean; restartCount: number; runMs: number; previousDelayMs: number },
): { restart: boolean; delayMs: number } {
  let delay = opts.runMs >= BACKOFF_RESET_AFTER_MS ? 0 : opts.previousDelayMs;
  delay = delay === 0 ? BACKOFF_START_MS : Math.min(delay * 2, BACKOFF_MAX_MS);
  let restart = false;
  switch (policy.Name) {
    case "always":
      restart = true;
      break;
    case "unless-stopped":
      restart = !opts.manuallyStopped;
      break;
    case "on-failure":
      // MaximumRetryCount 0 means no limit.
      restart = opts.exitCode !== 0 && (policy.MaximumRetryCount === 0 || opts.restartCount < policy.MaximumRetryCount);
      break;
    default:
      restart = false;
  }
  return { restart, delayMs: delay };
}

/** What the manager needs from the container service (kept narrow so the logic is testable without shims). */
export interface RestartTarget {
  find(id: string): ContainerRecord | undefined;
  /** Starts the container again without resetting its restart count (an automatic start). */
  autoStart(id: string): Promise<void>;
  /** Marks a restarting container exited for good (a cancelled or failed restart). */
  giveUp(id: string): Promise<void>;
}

interface Track {
  delayMs: number;
  /** Set by a manual stop: no more restarts until the next manual start (moby's canceled restart manager). */
  canceled: boolean;
  timer?: NodeJS.Timeout;
}

export class RestartManager implements ContainerHooks {
  readonly name = "restart-policy";
  private readonly tracks = new Map<string, Track>();
  private target?: RestartTarget;

  constructor(private readonly log: Logger) {}

  bind(target: RestartTarget): void {
    this.target = target;
  }

  private track(id: string): Track {
    let t = this.tracks.get(id);
    if (!t) this.tracks.set(id, (t = { delayMs: 0, canceled: false }));
    return t;
  }

  /**
   * Called when a run ended. Returns the delay before the automatic restart, or undefined to leave the container
   * exited. Counts the restart in the record (the caller saves it).
   */
  onExit(rec: ContainerRecord, exitCode: number): number | undefined {
    const policy = (rec.hostConfig.RestartPolicy ?? { Name: "no", MaximumRetryCount: 0 }) as RestartPolicy;
    if (!policy.Name || policy.Name === "no") return undefined;
    const t = this.track(rec.id);
    if (t.canceled) return undefined;
    const started = Date.parse(rec.state.startedAt);
    const d = decideRestart(policy, {
      exitCode,
      manuallyStopped: rec.manuallyStopped === true,
      restartCount: rec.restartCount,
      runMs: Number.isNaN(started) ? 0 : Date.now() - started,
      previousDelayMs: t.delayMs,
    });
    t.delayMs = d.delayMs;
    if (!d.restart) return undefined;
    rec.restartCount += 1;
    return d.delayMs;
  }

  /** Arms the timer for a container left in state "restarting". */
  schedule(id: string, delayMs: number): void {
    const t = this.track(id);
    clearTimeout(t.timer);
    t.timer = setTimeout(() => {
      t.timer = undefined;
      const target = this.target;
      if (!target) return;
      const rec = target.find(id);
      if (!rec || rec.state.status !== "restarting") return;
      target.autoStart(id).catch(async (err) => {
        this.log.warn({ id, err: String(err) }, "automatic restart failed");
        await target.giveUp(id).catch(() => {});
      });
    }, delayMs);
    t.timer.unref?.();
  }

  /** True when a restart was pending (and is now cancelled). */
  cancelPending(id: string): boolean {
    const t = this.tracks.get(id);
    if (!t?.timer) return false;
    clearTimeout(t.timer);
    t.timer = undefined;
    return true;
  }

  /** `docker stop` (or a kill with the stop signal): no automatic restart until the next manual start. */
  manualStop(rec: ContainerRecord): void {
    this.track(rec.id).canceled = true;
    this.cancelPending(rec.id);
    rec.manuallyStopped = true;
  }

  /** `docker start`/`docker restart`: a fresh restart manager, RestartCount back to 0. */
  manualStart(rec: ContainerRecord): void {
    this.cancelPending(rec.id);
    this.tracks.delete(rec.id);
    rec.restartCount = 0;
    rec.manuallyStopped = false;
  }

  /**
   * Daemon start (after live restore): which stopped containers to start again. A fresh manager per container, as
   * dockerd's restore builds one, so `always` ignores an earlier manual stop and `unless-stopped` honours it.
   */
  wantsStartAtBoot(rec: ContainerRecord): boolean {
    if (rec.state.status !== "exited" && rec.state.status !== "restarting") return false;
    const policy = (rec.hostConfig.RestartPolicy ?? { Name: "no", MaximumRetryCount: 0 }) as RestartPolicy;
    if (!policy.Name || policy.Name === "no") return false;
    const started = Date.parse(rec.state.startedAt);
    const finished = Date.parse(rec.state.finishedAt);
    return decideRestart(policy, {
      exitCode: rec.state.exitCode,
      manuallyStopped: rec.manuallyStopped === true,
      restartCount: rec.restartCount,
      runMs: Number.isNaN(started) || Number.isNaN(finished) ? 0 : finished - started,
      previousDelayMs: 0,
    }).restart;
  }

  removed(rec: ContainerRecord): void {
    this.cancelPending(rec.id);
    this.tracks.delete(rec.id);
  }

  /** Daemon stop: pending restarts are dropped (the records say "restarting"; the next start decides again). */
  close(): void {
    for (const id of this.tracks.keys()) this.cancelPending(id);
  }
}
