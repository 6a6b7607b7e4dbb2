import { describe, expect, it } from "vitest";
import { keepLastLines } from "./keep-last-lines";

describe("keepLastLines", () => {
  it("never holds more than max lines and keeps the newest", () => {
    let lines: number[] = [];
    for (let batch = 0; batch < 50; batch++) {
      lines = keepLastLines(lines, Array.from({ length: 137 }, (_, i) => batch * 137 + i), 2000);
      expect(lines.length).toBeLessThanOrEqual(2000);
    }
    expect(lines).toHaveLength(2000);
    expect(lines.at(-1)).toBe(50 * 137 - 1);
    expect(lines[0]).toBe(50 * 137 - 2000);
  });

  it("takes the tail of a batch larger than max", () => {
    expect(keepLastLines([1, 2], [3, 4, 5, 6], 3)).toEqual([4, 5, 6]);
  });
});
