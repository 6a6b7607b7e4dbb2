// GET /events filters and time bounds with dockerd's semantics (moby daemon/events/filter.go, api/types/time):
// values of one key are alternatives (OR), keys must all match (AND). container/network/volume/daemon match the
// actor's ID or its "name" attribute by prefix (FuzzyMatch); image matches the ID or the image name, with or
// without its tag; event matches the action exactly, except health_status/exec_create/exec_start which match by
// prefix (their actions carry a suffix, e.g. "health_status: healthy"); label matches key or key=value.
import { invalidArgument } from "../errors.js";
import type { EngineEvent } from "./event-bus.js";
import { parseFilterArgs } from "../api/filter-args.js";

export const EVENT_FILTER_KEYS = ["config", "container", "daemon", "event", "image", "label", "network", "node", "plugin", "scope", "secret", "service", "type", "volume"] as const;
export type EventFilterKey = (typeof EVENT_FILTER_KEYS)[number];

export type EventFilters = Map<EventFilterKey, string[]>;

/** Docker's filters JSON: {"k":{"v":true}} or the old {"k":["v"]}; malformed JSON is a 400 (dockerd: a 500). */
export function parseEventFilters(raw: string | null): EventFilters {
  // dockerd 20.10 (the reference the tests compare with) ignores keys it does not know instead of refusing them.
  const all = parseFilterArgs(raw, EVENT_FILTER_KEYS, { unknown: "ignore" });
  return new Map([...all].filter(([, list]) => list.length > 0)) as EventFilters;
}

const FUZZY_EVENTS = ["health_status", "exec_create", "exec_start"];

function exact(f: EventFilters, key: EventFilterKey, ...values: (string | undefined)[]): boolean {
  const want = f.get(key);
  if (!want) return true;
  return values.some((v) => v !== undefined && want.includes(v));
}

function fuzzy(f: EventFilters, key: EventFilterKey, ...values: (string | undefined)[]): boolean {
  const want = f.get(key);
  if (!want) return true;
  return values.some((v) => v !== undefined && want.some((w) => v === w || v.startsWith(w)));
}

/** "busybox:latest" → "busybox", "127.0.0.1:5000/x:1" → "127.0.0.1:5000/x"; digests are cut too. */
export function stripTag(image: string): string {
  const at = image.indexOf("@");
  const noDigest = at >= 0 ? image.slice(0, at) : image;
  const slash = noDigest.lastIndexOf("/");
  const colon = noDigest.lastIndexOf(":");
  const bare = colon > slash ? noDigest.slice(0, colon) : noDigest;
  return bare.replace(/^docker\.io\/(library\/)?/, "");
}

export function matchesEvent(f: EventFilters, e: EngineEvent): boolean {
  if (f.size === 0) return true;
  const attrs = e.Actor.Attributes;
  const name = attrs.name;
  // As moby: the actor filters do not look at the event type, so `container=x` keeps only events whose actor is x.
  const fuzzyActor = (key: EventFilterKey) => fuzzy(f, key, e.Actor.ID, name);
  const imageName = e.Type === "image" ? attrs.name : attrs.image;
  const eventOk = f.get("event")?.some((w) => FUZZY_EVENTS.includes(w)) ? fuzzy(f, "event", e.Action) : exact(f, "event", e.Action);
  const labelsOk = (f.get("label") ?? []).every((l) => {
    const eq = l.indexOf("=");
    return eq < 0 ? l in attrs : attrs[l.slice(0, eq)] === l.slice(eq + 1);
  });
  return (
    eventOk &&
    exact(f, "type", e.Type) &&
    exact(f, "scope", e.scope) &&
    fuzzyActor("daemon") &&
    fuzzyActor("container") &&
    fuzzyActor("plugin") &&
    fuzzyActor("volume") &&
    fuzzyActor("network") &&
    exact(f, "image", e.Actor.ID, imageName, stripTag(e.Actor.ID), imageName === undefined ? undefined : stripTag(imageName)) &&
    fuzzyActor("node") &&
    fuzzyActor("service") &&
    fuzzyActor("secret") &&
    fuzzyActor("config") &&
    labelsOk
  );
}

/**
 * `since`/`until` as the API sends them: "<seconds>[.<fraction>]" → nanoseconds since the epoch; undefined when
 * absent. dockerd answers garbage with strconv's message.
 */
export function parseEventTime(v: string | null, param: string): bigint | undefined {
  if (v === null || v === "") return undefined;
  const [s, frac] = v.split(".", 2) as [string, string?];
  if (!/^-?\d+$/.test(s)) throw invalidArgument(`strconv.ParseInt: parsing "${s}": invalid syntax`, param);
  if (frac !== undefined && !/^\d+$/.test(frac)) throw invalidArgument(`strconv.ParseInt: parsing "${frac}": invalid syntax`, param);
  return BigInt(s) * 1_000_000_000n + BigInt((frac ?? "0").padEnd(9, "0").slice(0, 9));
}
