import { describe, expect, it } from "vitest";
import type { HealthState } from "./container-record.js";
import { applyProbeResult, goDuration } from "./health-check.js";
import { effectiveHealthcheck, mergeHealthcheck, validateHealthcheck } from "./health-config.js";

const hc = effectiveHealthcheck({ Test: ["CMD-SHELL", "true"], Retries: 2, StartPeriod: 5_000_000_000 })!;
const probe = (ExitCode: number) => ({ Start: "s", End: "e", ExitCode, Output: "" });
const starting: HealthState = { Status: "starting", FailingStreak: 0, Log: [] };

describe("health checks (moby daemon/health.go)", () => {
  it("effective config: CMD, CMD-SHELL, NONE, dockerd's defaults", () => {
    expect(hc).toEqual({ argv: ["/bin/sh", "-c", "true"], intervalMs: 30_000, timeoutMs: 30_000, startPeriodMs: 5_000, startIntervalMs: 30_000, retries: 2 });
    expect(effectiveHealthcheck({ Test: ["CMD", "x"], Interval: 2e9, StartInterval: 5e8 })!.startIntervalMs).toBe(500);
    expect(effectiveHealthcheck({ Test: ["CMD", "x"], Interval: 2e9 })!.startIntervalMs).toBe(2000);
    expect(effectiveHealthcheck({ Test: ["CMD", "/bin/check", "-x"] })!.argv).toEqual(["/bin/check", "-x"]);
    expect(effectiveHealthcheck({ Test: ["NONE"] })).toBeUndefined();
    expect(effectiveHealthcheck({ Test: [] })).toBeUndefined();
    expect(effectiveHealthcheck(undefined)).toBeUndefined();
  });

  it("create options override the image's field by field; validation in dockerd's words", () => {
    expect(mergeHealthcheck({ Retries: 5 }, { Test: ["CMD", "x"], Interval: 1e9 })).toEqual({ Test: ["CMD", "x"], Interval: 1e9, Timeout: undefined, StartPeriod: undefined, StartInterval: undefined, Retries: 5 });
    expect(mergeHealthcheck(undefined, { Test: ["CMD", "x"] })).toEqual({ Test: ["CMD", "x"] });
    expect(() => validateHealthcheck({ Interval: 10 })).toThrow("Interval in Healthcheck cannot be less than 1ms");
    expect(() => validateHealthcheck({ Retries: -1 })).toThrow("Retries in Healthcheck cannot be negative");
    expect(() => validateHealthcheck({ Test: "true" })).toThrow("not a list of strings");
  });

  it("failures inside the start period do not count while starting; Retries failures make it unhealthy; one success heals", () => {
    let h = applyProbeResult(starting, probe(1), hc, 1_000);
    expect([h.Status, h.FailingStreak]).toEqual(["starting", 0]);
    h = applyProbeResult(h, probe(1), hc, 6_000);
    expect([h.Status, h.FailingStreak]).toEqual(["starting", 1]);
    h = applyProbeResult(h, probe(1), hc, 7_000);
    expect([h.Status, h.FailingStreak]).toEqual(["unhealthy", 2]);
    h = applyProbeResult(h, probe(0), hc, 8_000);
    expect([h.Status, h.FailingStreak, h.Log.length]).toEqual(["healthy", 0, 4]);
    for (let i = 0; i < 5; i++) h = applyProbeResult(h, probe(0), hc, 9_000);
    expect(h.Log.length).toBe(5);
  });

  it("formats timeouts as Go durations", () => {
    expect([goDuration(300), goDuration(1000), goDuration(1500), goDuration(90_000)]).toEqual(["300ms", "1s", "1.5s", "1m30s"]);
  });
});
