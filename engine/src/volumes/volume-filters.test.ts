import { describe, expect, it } from "vitest";
import { LIST_FILTERS, listPredicate, parseVolumeFilters, PRUNE_FILTERS, prunePredicate } from "./volume-filters.js";
import type { VolumeRecord } from "./volume-store.js";

const vol = (name: string, labels: Record<string, string> = {}): VolumeRecord => ({ name, driver: "local", createdAt: "2026-01-01T00:00:00Z", labels, options: {} });

describe("volume filters", () => {
  it("parses both JSON shapes and refuses unknown keys with dockerd's text", () => {
    expect([...parseVolumeFilters('{"name":{"a":true}}', LIST_FILTERS)]).toEqual([["name", ["a"]]]);
    expect([...parseVolumeFilters('{"label":["k=v"]}', LIST_FILTERS)]).toEqual([["label", ["k=v"]]]);
    expect(() => parseVolumeFilters('{"bogus":["x"]}', LIST_FILTERS)).toThrow("invalid filter 'bogus'");
    expect(() => parseVolumeFilters('{"all":["1"]}', LIST_FILTERS)).toThrow("invalid filter 'all'");
  });
  it("ls: name is an exact name or a regular expression, label key or key=value, dangling by use", () => {
    const vs = [vol("web-data", { app: "web" }), vol("db", { app: "db", keep: "" }), vol("cache")];
    const used = new Set(["db"]);
    const pick = (raw: string) => vs.filter(listPredicate(parseVolumeFilters(raw, LIST_FILTERS), (n) => used.has(n))).map((v) => v.name);
    expect(pick('{"name":{"data":true}}')).toEqual(["web-data"]);
    expect(pick('{"name":{"^c":true}}')).toEqual(["cache"]);
    expect(pick('{"label":{"app":true}}')).toEqual(["web-data", "db"]);
    expect(pick('{"label":{"app=db":true,"keep":true}}')).toEqual(["db"]);
    expect(pick('{"dangling":{"true":true}}')).toEqual(["web-data", "cache"]);
    expect(pick('{"dangling":{"0":true}}')).toEqual(["db"]);
    expect(() => pick('{"dangling":{"maybe":true}}')).toThrow("invalid filter 'dangling=maybe'");
  });
  it("prune: anonymous volumes only unless all=true; label and label! narrow it", () => {
    const vs = [vol("named", { t: "1" }), vol("a".repeat(64), { "com.docker.volume.anonymous": "", t: "1" }), vol("b".repeat(64), { "com.docker.volume.anonymous": "" })];
    const pick = (raw: string) => vs.filter(prunePredicate(parseVolumeFilters(raw, PRUNE_FILTERS), "com.docker.volume.anonymous")).map((v) => v.name.slice(0, 5));
    expect(pick("")).toEqual(["aaaaa", "bbbbb"]);
    expect(pick('{"all":{"true":true}}')).toEqual(["named", "aaaaa", "bbbbb"]);
    expect(pick('{"all":{"1":true},"label":{"t=1":true}}')).toEqual(["named", "aaaaa"]);
    expect(pick('{"label!":{"t":true}}')).toEqual(["bbbbb"]);
    expect(() => pick('{"all":{"x":true}}')).toThrow("invalid filter 'all'");
  });
});
