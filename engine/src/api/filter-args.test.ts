import { describe, expect, it } from "vitest";
import { parseFilterArgs } from "./filter-args.js";

describe("Docker's filters query parameter", () => {
  it("reads the current {k:{v:true}} and the old {k:[v]} forms", () => {
    expect([...parseFilterArgs('{"label":{"a=1":true,"b":true},"name":["web"]}')]).toEqual([["label", ["a=1", "b"]], ["name", ["web"]]]);
    expect(parseFilterArgs(null).size).toBe(0);
    expect(parseFilterArgs("").size).toBe(0);
  });

  it("refuses keys the endpoint does not know, or ignores them when asked (events)", () => {
    expect(() => parseFilterArgs('{"driver":{"bridge":true}}', ["status"])).toThrow("invalid filter 'driver'");
    expect([...parseFilterArgs('{"bogus":["x"],"type":["container"]}', ["type"], { unknown: "ignore" })]).toEqual([["type", ["container"]]]);
  });

  it("refuses malformed JSON and non-objects with dockerd's 400", () => {
    for (const raw of ["{", "[]", "null", '"x"']) expect(() => parseFilterArgs(raw)).toThrow(`invalid filter: ${raw}`);
  });
});
