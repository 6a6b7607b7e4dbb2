import { describe, expect, it } from "vitest";
import { formatBytes, formatDate } from "./format";

describe("formatBytes", () => {
  it("shows sizes as the docker CLI does (powers of 1000)", () => {
    expect(formatBytes(0)).toBe("0 B");
    expect(formatBytes(999)).toBe("999 B");
    expect(formatBytes(1500)).toBe("1.50 KB");
    expect(formatBytes(12_345_678)).toBe("12.3 MB");
    expect(formatBytes(-1)).toBe("?");
  });
});

describe("formatDate", () => {
  it("shows UTC to the second, and a dash for none", () => {
    expect(formatDate("2026-01-01T00:00:00.000Z")).toBe("2026-01-01 00:00:00");
    expect(formatDate(null)).toBe("—");
  });
});
