import { describe, expect, it } from "vitest";
import { BACKOFF_MAX_MS, BACKOFF_START_MS, decideRestart, validateRestartPolicy } from "./restart-policy.js";

const base = { exitCode: 1, manuallyStopped: false, restartCount: 0, runMs: 50, previousDelayMs: 0 };

describe("restart policy decisions (moby restartmanager)", () => {
  it("validates names, counts and the AutoRemove clash with dockerd's messages", () => {
    expect(validateRestartPolicy({ Name: "on-failure", MaximumRetryCount: 2 }, false)).toEqual({ Name: "on-failure", MaximumRetryCount: 2 });
    expect(validateRestartPolicy(undefined, true)).toEqual({ Name: "", MaximumRetryCount: 0 });
    expect(() => validateRestartPolicy({ Name: "bogus" }, false)).toThrow("invalid restart policy 'bogus'");
    expect(() => validateRestartPolicy({ Name: "on-failure", MaximumRetryCount: -1 }, false)).toThrow("maximum retry count cannot be negative");
    expect(() => validateRestartPolicy({ Name: "always", MaximumRetryCount: 2 }, false)).toThrow("maximum retry count cannot be used with restart policy 'always'");
    expect(() => validateRestartPolicy({ Name: "always" }, true)).toThrow("can't create 'AutoRemove' container with restart policy");
    expect(() => validateRestartPolicy({ Name: "no" }, true)).not.toThrow();
  });

  it("on-failure restarts failed runs until MaximumRetryCount (0 = no limit), never a clean exit", () => {
    const p = { Name: "on-failure" as const, MaximumRetryCount: 2 };
    expect(decideRestart(p, { ...base, restartCount: 1 }).restart).toBe(true);
    expect(decideRestart(p, { ...base, restartCount: 2 }).restart).toBe(false);
    expect(decideRestart(p, { ...base, exitCode: 0 }).restart).toBe(false);
    expect(decideRestart({ Name: "on-failure", MaximumRetryCount: 0 }, { ...base, restartCount: 99 }).restart).toBe(true);
  });

  it("always ignores a manual stop, unless-stopped honours it, no never restarts", () => {
    expect(decideRestart({ Name: "always", MaximumRetryCount: 0 }, { ...base, exitCode: 0, manuallyStopped: true }).restart).toBe(true);
    expect(decideRestart({ Name: "unless-stopped", MaximumRetryCount: 0 }, { ...base, manuallyStopped: true }).restart).toBe(false);
    expect(decideRestart({ Name: "unless-stopped", MaximumRetryCount: 0 }, { ...base, exitCode: 0 }).restart).toBe(true);
    expect(decideRestart({ Name: "no", MaximumRetryCount: 0 }, base).restart).toBe(false);
  });

  it("back-off: 100 ms, doubling, capped at 1 min, back to 100 ms after a run of 10 s", () => {
    const p = { Name: "always" as const, MaximumRetryCount: 0 };
    const delays: number[] = [];
    let prev = 0;
    for (let i = 0; i < 12; i++) {
      prev = decideRestart(p, { ...base, previousDelayMs: prev }).delayMs;
      delays.push(prev);
    }
    expect(delays.slice(0, 4)).toEqual([BACKOFF_START_MS, 200, 400, 800]);
    expect(delays.at(-1)).toBe(BACKOFF_MAX_MS);
    expect(decideRestart(p, { ...base, previousDelayMs: BACKOFF_MAX_MS, runMs: 10_000 }).delayMs).toBe(BACKOFF_START_MS);
  });
});
