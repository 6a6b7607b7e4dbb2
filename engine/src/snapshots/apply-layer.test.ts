import { describe, expect, it } from "vitest";
import { safeComponents } from "./apply-layer.js";

describe("safeComponents", () => {
  it("normalizes ./ prefixes, trailing slashes and repeated slashes", () => {
    expect(safeComponents("./usr//bin/")).toEqual(["usr", "bin"]);
    expect(safeComponents("./")).toEqual([]);
  });
  it.each([
    ["../x", /escapes the layer root/],
    ["a/../../x", /escapes the layer root/],
    ["a/..", /escapes the layer root/],
    ["/etc/passwd", /absolute path/],
  ])("refuses %s", (name, message) => {
    expect(() => safeComponents(name)).toThrowError(message);
  });
});
