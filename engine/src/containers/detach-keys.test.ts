import { describe, expect, it } from "vitest";
import { DetachScanner, parseDetachKeys } from "./detach-keys.js";

describe("detach keys", () => {
  it("parses dockerd's formats and refuses unknown keys with its message", () => {
    expect([...parseDetachKeys(null)]).toEqual([16, 17]);
    expect([...parseDetachKeys("ctrl-a,x,ctrl-@,ctrl-\\")]).toEqual([1, 120, 0, 28]);
    expect(() => parseDetachKeys("ctrl-1")).toThrow("Invalid detach keys (ctrl-1) provided");
  });

  it("detaches on the sequence typed key by key, forwards broken sequences and pasted bytes", () => {
    const s = new DetachScanner(parseDetachKeys(null));
    expect(s.feed(Buffer.from([16]))).toEqual({ forward: Buffer.alloc(0), detach: false });
    expect(s.feed(Buffer.from("a"))).toEqual({ forward: Buffer.from([16, 97]), detach: false });
    expect(s.feed(Buffer.from([16, 17]))).toEqual({ forward: Buffer.from([16, 17]), detach: false });
    s.feed(Buffer.from([16]));
    expect(s.feed(Buffer.from([17])).detach).toBe(true);
  });
});
