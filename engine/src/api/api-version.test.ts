import { describe, expect, it } from "vitest";
import { compareApiVersions, splitApiVersion } from "./api-version.js";

describe("splitApiVersion", () => {
  it("strips a supported version prefix", () => {
    expect(splitApiVersion("/v1.41/containers/json")).toEqual({ version: "1.41", path: "/containers/json" });
    expect(splitApiVersion("/v1.50/_ping")).toEqual({ version: "1.50", path: "/_ping" });
  });
  it("gives bare paths the current version", () => {
    expect(splitApiVersion("/containers/json")).toEqual({ version: "1.50", path: "/containers/json" });
  });
  it("refuses versions outside 1.24–1.50", () => {
    expect(() => splitApiVersion("/v1.23/info")).toThrow(/too old/);
    expect(() => splitApiVersion("/v2.0/info")).toThrow(/too new/);
  });
  it("compares numerically, not as strings", () => {
    expect(compareApiVersions("1.9", "1.24")).toBeLessThan(0);
    expect(compareApiVersions("1.50", "1.50")).toBe(0);
  });
});
