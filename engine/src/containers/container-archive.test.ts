import { describe, expect, it } from "vitest";
import { absContainerPath, goFileMode, goTime } from "./container-archive.js";

describe("docker cp wire details", () => {
  it("Go os.FileMode bits for the stat header", () => {
    expect(goFileMode(0o100644)).toBe(0o644);
    expect(goFileMode(0o040755)).toBe(2 ** 31 + 0o755);
    expect(goFileMode(0o120777)).toBe(2 ** 27 + 0o777);
    expect(goFileMode(0o041777)).toBe(2 ** 31 + 2 ** 20 + 0o777);
    expect(goFileMode(0o020666)).toBe(2 ** 26 + 2 ** 21 + 0o666);
  });

  it("RFC 3339 times with Go's trimmed fraction", () => {
    expect(goTime(1767225600_000000000n)).toBe("2026-01-01T00:00:00Z");
    expect(goTime(1767225600_120000000n)).toBe("2026-01-01T00:00:00.12Z");
  });

  it("keeps a trailing / or /. as dockerd's PreserveTrailingDotOrSeparator", () => {
    expect(absContainerPath("etc/")).toBe("/etc/");
    expect(absContainerPath("/etc/.")).toBe("/etc/.");
    expect(absContainerPath("/a/../../etc")).toBe("/etc");
  });
});
