import { describe, expect, it } from "vitest";
import type { EngineEvent } from "./event-bus.js";
import { matchesEvent, parseEventFilters, parseEventTime, stripTag } from "./event-filter.js";

const ev = (Type: EngineEvent["Type"], Action: string, ID: string, Attributes: Record<string, string>): EngineEvent => ({ Type, Action, Actor: { ID, Attributes }, scope: "local", time: 1, timeNano: 1e9 });
const die = ev("container", "die", "abc123", { name: "web", image: "127.0.0.1:5000/busybox:latest", exitCode: "3", app: "x" });
const health = ev("container", "health_status: healthy", "abc123", { name: "web", image: "busybox" });
const pull = ev("image", "pull", "127.0.0.1:5000/busybox:latest", { name: "127.0.0.1:5000/busybox" });
const f = (o: Record<string, string[]>) => parseEventFilters(JSON.stringify(o));

describe("events filters (moby daemon/events/filter.go)", () => {
  it("ANDs keys, ORs values; type and event exact; health_status by prefix", () => {
    expect(matchesEvent(f({ type: ["container"], event: ["die", "start"] }), die)).toBe(true);
    expect(matchesEvent(f({ type: ["image"], event: ["die"] }), die)).toBe(false);
    expect(matchesEvent(f({ event: ["health_status"] }), health)).toBe(true);
    expect(matchesEvent(f({ event: ["health"] }), health)).toBe(false);
  });

  it("container by ID prefix or name; image by ID, name, or name without tag; labels key or key=value", () => {
    expect(matchesEvent(f({ container: ["abc"] }), die)).toBe(true);
    expect(matchesEvent(f({ container: ["web"] }), die)).toBe(true);
    expect(matchesEvent(f({ container: ["db"] }), die)).toBe(false);
    expect(matchesEvent(f({ image: ["127.0.0.1:5000/busybox"] }), die)).toBe(true);
    expect(matchesEvent(f({ image: ["127.0.0.1:5000/busybox"] }), pull)).toBe(true);
    expect(matchesEvent(f({ label: ["app=x"] }), die)).toBe(true);
    expect(matchesEvent(f({ label: ["app=y"] }), die)).toBe(false);
    expect(matchesEvent(f({ label: ["app"] }), pull)).toBe(false);
  });

  it("parses both filter encodings and the API's time stamps", () => {
    expect([...parseEventFilters('{"type":{"container":true}}')]).toEqual([["type", ["container"]]]);
    expect([...parseEventFilters('{"type":["image"]}')]).toEqual([["type", ["image"]]]);
    expect(parseEventTime("1700000000.5", "since")).toBe(1_700_000_000_500_000_000n);
    expect(parseEventTime("", "since")).toBeUndefined();
    expect(() => parseEventTime("abc", "since")).toThrow('strconv.ParseInt: parsing "abc": invalid syntax');
    expect(stripTag("127.0.0.1:5000/x:1")).toBe("127.0.0.1:5000/x");
    expect(stripTag("docker.io/library/busybox:latest")).toBe("busybox");
  });
});
