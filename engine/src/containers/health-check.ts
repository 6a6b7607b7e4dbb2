// Health checks (Config.Healthcheck, from the create body or the image) as dockerd runs them (moby daemon/health.go):
// while a container runs, every Interval (StartInterval, if set, during StartPeriod while "starting") the test runs
// inside it like `docker exec` (`wharf-runtime exec --process`, see exec-service.ts), bounded by Timeout. Exit 0 is
// healthy: FailingStreak back to 0. Anything else (exit ≠ 0, timeout → -1) counts as a failure, except while
// "starting" inside StartPeriod; Retries failures in a row make it unhealthy. The last five probes are kept
// (State.Health.Log, output cut to 4 KiB); each status change logs a "health_status: <status>" event.
// Registered as lifecycle hooks: started → fresh "starting" state and a monitor; restored (live restore) → the
// monitor resumes with the recorded state; stopped/removed → the monitor ends. Paused containers are not probed.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Logger } from "../log.js";
import type { ContainerHooks } from "./container-hooks.js";
import type { ContainerRecord, HealthProbeResult, HealthState } from "./container-record.js";
import type { ContainerService } from "./container-service.js";
import { type EffectiveHealthcheck, effectiveHealthcheck } from "./health-config.js";

const MAX_LOG_ENTRIES = 5;
const MAX_OUTPUT_BYTES = 4096;

interface Monitor {
  stopped: boolean;
  timer?: NodeJS.Timeout;
  kill?: () => void;
}

/** Go's time.Duration String() for whole milliseconds: 500ms, 1s, 1.5s, 1m30s. */
export function goDuration(ms: number): string {
  if (ms < 1000) return `${ms}ms`;
  const m = Math.floor(ms / 60_000);
  const s = (ms % 60_000) / 1000;
  return m > 0 ? `${m}m${s}s` : `${s}s`;
}

/** The health state after one probe (pure: moby handleProbeResult). `runningSinceMs` = now − StartedAt at probe start. */
export function applyProbeResult(prev: HealthState, result: HealthProbeResult, hc: EffectiveHealthcheck, runningSinceMs: number): HealthState {
  const log = [...prev.Log, result].slice(-MAX_LOG_ENTRIES);
  if (result.ExitCode === 0) return { Status: "healthy", FailingStreak: 0, Log: log };
  if (prev.Status === "starting" && runningSinceMs < hc.startPeriodMs) return { ...prev, Log: log };
  const streak = prev.FailingStreak + 1;
  return { Status: streak >= hc.retries ? "unhealthy" : prev.Status, FailingStreak: streak, Log: log };
}

export class HealthChecks implements ContainerHooks {
  readonly name = "health-check";
  private readonly monitors = new Map<string, Monitor>();
  private seq = 0;

  constructor(
    private readonly svc: ContainerService,
    private readonly execRoot: string,
    private readonly log: Logger,
  ) {}

  started(rec: ContainerRecord): void {
    this.begin(rec, true);
  }

  restored(rec: ContainerRecord): void {
    this.begin(rec, false);
  }

  stopped(rec: ContainerRecord): void {
    this.end(rec.id);
    // dockerd's SetStopped: a stopped container with a health check reads "unhealthy" until its next start.
    if (rec.health) rec.health = { ...rec.health, Status: "unhealthy" };
  }

  removed(rec: ContainerRecord): void {
    this.end(rec.id);
  }

  /** Stops every monitor (daemon stop); containers keep running, the next daemon resumes them. */
  close(): void {
    for (const id of [...this.monitors.keys()]) this.end(id);
  }

  private begin(rec: ContainerRecord, fresh: boolean): void {
    this.end(rec.id);
    const hc = effectiveHealthcheck(rec.config.Healthcheck);
    if (!hc) return;
    if (fresh || !rec.health) {
      rec.health = { Status: "starting", FailingStreak: 0, Log: rec.health?.Log ?? [] };
      this.svc.store.save(rec);
    }
    const m: Monitor = { stopped: false };
    this.monitors.set(rec.id, m);
    const started = Date.parse(rec.state.startedAt);
    const nextDelay = () => {
      const cur = this.svc.store.find(rec.id);
      const inStartPeriod = Date.now() - started < hc.startPeriodMs;
      // Capped at setTimeout's limit (~24.8 days), which would otherwise fire at once.
      return Math.min(inStartPeriod && cur?.health?.Status === "starting" && hc.startPeriodMs > 0 ? hc.startIntervalMs : hc.intervalMs, 2 ** 31 - 1);
    };
    const tick = async () => {
      if (m.stopped) return;
      const cur = this.svc.store.find(rec.id);
      if (!cur || (cur.state.status !== "running" && cur.state.status !== "paused")) return this.end(rec.id);
      if (cur.state.status === "running") {
        const probeStart = Date.now();
        const result = await this.probe(cur, hc, m);
        if (m.stopped) return;
        const now = this.svc.store.find(rec.id);
        if (!now?.health) return;
        const before = now.health.Status;
        now.health = applyProbeResult(now.health, result, hc, probeStart - started);
        this.svc.store.save(now);
        if (now.health.Status !== before) this.svc.emit(now, `health_status: ${now.health.Status}`);
      }
      if (!m.stopped) m.timer = setTimeout(run, nextDelay());
    };
    // A failing probe round (e.g. the process file cannot be written) is logged and retried; it never reaches the
    // daemon as an unhandled rejection.
    const run = () => {
      tick().catch((err) => {
        this.log.warn({ id: rec.id, err: String(err) }, "health check round failed");
        if (!m.stopped) m.timer = setTimeout(run, nextDelay());
      });
    };
    m.timer = setTimeout(run, nextDelay());
  }

  private end(id: string): void {
    const m = this.monitors.get(id);
    if (!m) return;
    m.stopped = true;
    clearTimeout(m.timer);
    m.kill?.();
    this.monitors.delete(id);
  }

  /** Runs the test in the container with the container's process settings; never throws. */
  private probe(rec: ContainerRecord, hc: EffectiveHealthcheck, m: Monitor): Promise<HealthProbeResult> {
    const start = new Date();
    const done = (exitCode: number, output: string): HealthProbeResult => ({ Start: start.toISOString(), End: new Date().toISOString(), ExitCode: exitCode, Output: output });
    let base: Record<string, unknown>;
    try {
      base = JSON.parse(readFileSync(join(this.svc.store.dir(rec.id), "config.json"), "utf8")).process;
    } catch (err) {
      return Promise.resolve(done(-1, String(err)));
    }
    const dir = join(this.execRoot, "health");
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const file = join(dir, `${rec.id.slice(0, 16)}-${++this.seq}.json`);
    const proc = { ...base, terminal: false, args: hc.argv };
    delete (proc as Record<string, unknown>).consoleSize;
    writeFileSync(file, JSON.stringify(proc));
    // dockerd runs probes as execs and logs their exec events (daemon/health.go cmdProbe.run).
    const execID = randomBytes(32).toString("hex");
    const action = `${hc.argv.join(" ")}`;
    this.svc.emit(rec, `exec_create: ${action}`, { execID });
    this.svc.emit(rec, `exec_start: ${action}`, { execID });
    return new Promise<HealthProbeResult>((resolve) => {
      const rt = this.svc.runtimeFor(rec);
      const child = spawn(rt.path, ["--root", rt.root, "exec", "--process", file, rec.id], { stdio: ["ignore", "pipe", "pipe"] });
      const chunks: Buffer[] = [];
      let size = 0;
      const collect = (d: Buffer) => {
        if (size >= MAX_OUTPUT_BYTES) return;
        const part = d.subarray(0, MAX_OUTPUT_BYTES - size);
        chunks.push(part);
        size += part.length;
      };
      child.stdout.on("data", collect);
      child.stderr.on("data", collect);
      let settled = false;
      // On timeout the result is final at once, as dockerd's: the runtime is killed and its pipes dropped (the
      // probe's own process may hold them open inside the container until it ends).
      const timer = setTimeout(() => {
        if (settled) return;
        settled = true;
        child.kill("SIGKILL");
        child.stdout.destroy();
        child.stderr.destroy();
        m.kill = undefined;
        rmSync(file, { force: true });
        resolve(done(-1, `Health check exceeded timeout (${goDuration(hc.timeoutMs)})`));
      }, Math.min(hc.timeoutMs, 2 ** 31 - 1));
      m.kill = () => child.kill("SIGKILL");
      const finish = (code: number) => {
        clearTimeout(timer);
        if (settled) return;
        settled = true;
        m.kill = undefined;
        rmSync(file, { force: true });
        resolve(done(code, Buffer.concat(chunks).toString("utf8")));
      };
      child.on("error", (err) => {
        this.log.warn({ id: rec.id, err: String(err) }, "health probe failed to run");
        clearTimeout(timer);
        if (settled) return;
        settled = true;
        rmSync(file, { force: true });
        resolve(done(-1, err.message));
      });
      child.on("close", (code, signal) => finish(code ?? (signal ? 137 : -1)));
    }).then((r) => {
      if (!m.stopped) this.svc.emit(rec, "exec_die", { execID, exitCode: String(r.ExitCode) });
      return r;
    });
  }
}
