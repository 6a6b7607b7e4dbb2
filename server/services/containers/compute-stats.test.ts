import { describe, expect, it } from "vitest";
import { computeStats } from "./compute-stats";
import { createLineSplitter } from "./split-log-lines";

describe("computeStats", () => {
  it("computes CPU % like the docker CLI and memory without the page cache", () => {
    const s = computeStats({
      read: "2026-11-23T12:00:01Z",
      cpu_stats: { cpu_usage: { total_usage: 3_000_000_000 }, system_cpu_usage: 20_000_000_000, online_cpus: 2 },
      precpu_stats: { cpu_usage: { total_usage: 2_000_000_000 }, system_cpu_usage: 10_000_000_000 },
      memory_stats: { usage: 10_000_000, limit: 100_000_000, stats: { total_inactive_file: 2_000_000 } },
      networks: { eth0: { rx_bytes: 100, tx_bytes: 50 }, eth1: { rx_bytes: 1, tx_bytes: 2 } },
      blkio_stats: { io_service_bytes_recursive: [{ op: "Read", value: 4096 }, { op: "Write", value: 8192 }, { op: "Total", value: 12288 }] },
      pids_stats: { current: 3 },
    });
    expect(s).toEqual({
      time: "2026-11-23T12:00:01Z",
      cpuPercent: 20,
      memoryBytes: 8_000_000,
      memoryLimitBytes: 100_000_000,
      networkRxBytes: 101,
      networkTxBytes: 52,
      blockReadBytes: 4096,
      blockWriteBytes: 8192,
      pids: 3,
    });
  });

  it("gives zeros, not NaN, for the first sample and a stopped container", () => {
    const s = computeStats({ cpu_stats: {}, precpu_stats: {}, memory_stats: {}, blkio_stats: { io_service_bytes_recursive: null } });
    expect(s.cpuPercent).toBe(0);
    expect(s.memoryBytes).toBe(0);
  });
});

describe("createLineSplitter", () => {
  it("splits chunks into lines with Docker's timestamps, keeping a partial line", () => {
    const split = createLineSplitter("stderr");
    expect(split.push("2026-11-23T12:00:00.123456789Z hel")).toEqual([]);
    expect(split.push("lo\r\nplain line\n2026-11-23T12:00:01Z x")).toEqual([
      { stream: "stderr", time: "2026-11-23T12:00:00.123456789Z", text: "hello" },
      { stream: "stderr", time: null, text: "plain line" },
    ]);
    expect(split.flush()).toEqual([{ stream: "stderr", time: "2026-11-23T12:00:01Z", text: "x" }]);
  });
});
