import { describe, expect, it } from "vitest";
import { generateName, normalizeName } from "./container-names.js";

describe("container names", () => {
  it("accepts Docker's pattern with or without the slash and rejects the rest with Docker's message", () => {
    expect(normalizeName("web-1.a_b")).toBe("/web-1.a_b");
    expect(normalizeName("/web")).toBe("/web");
    for (const bad of ["a", "-web", "bad/name", "with space", "é"]) {
      expect(() => normalizeName(bad)).toThrow(`Invalid container name (${bad}), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed`);
    }
  });

  it("generates adjective_surname names and avoids taken ones", () => {
    const n = generateName(() => false);
    expect(n).toMatch(/^\/[a-z]+_[a-z]+$/);
    let calls = 0;
    const retried = generateName(() => ++calls < 3);
    expect(retried).toMatch(/^\/[a-z]+_[a-z]+\d$/);
  });
});
