// `docker volume ls` / `volume prune` filters (moby volume/service convert.go filtersToBy, withPrune): the filters
// JSON ({"k":{"v":true}} or the old {"k":["v"]}), checked against the accepted keys with dockerd's messages.
import { invalidArgument } from "../errors.js";
import { parseFilterArgs } from "../api/filter-args.js";
import type { VolumeRecord } from "./volume-store.js";

export const LIST_FILTERS = ["dangling", "name", "driver", "label"] as const;
export const PRUNE_FILTERS = ["label", "label!", "all"] as const;

export function parseVolumeFilters(raw: string | null, accepted: readonly string[]): Map<string, string[]> {
  return parseFilterArgs(raw, accepted);
}

function parseBool(field: string, value: string): boolean {
  if (["1", "t", "T", "true", "TRUE", "True"].includes(value)) return true;
  if (["0", "f", "F", "false", "FALSE", "False"].includes(value)) return false;
  throw invalidArgument(`invalid filter '${field}=${value}'`);
}

/** label=k matches a key, label=k=v a key with that value. */
function hasLabel(v: VolumeRecord, spec: string): boolean {
  const i = spec.indexOf("=");
  if (i < 0) return Object.hasOwn(v.labels, spec);
  return v.labels[spec.slice(0, i)] === spec.slice(i + 1);
}

/** The predicate for `volume ls`; `inUse` tells whether containers reference a volume (dangling = not in use). */
export function listPredicate(f: Map<string, string[]>, inUse: (name: string) => boolean): (v: VolumeRecord) => boolean {
  const dangling = f.get("dangling");
  const want = dangling?.length ? parseBool("dangling", dangling[0]!) : undefined;
  return (v) => {
    if (f.get("driver")?.length && !f.get("driver")!.includes(v.driver)) return false;
    // dockerd's Args.Match: the value is an exact name or a regular expression searched in the name.
    if (f.get("name")?.length && !f.get("name")!.some((n) => n === v.name || safeRegex(n)?.test(v.name))) return false;
    if (!(f.get("label") ?? []).every((l) => hasLabel(v, l))) return false;
    if (want !== undefined && inUse(v.name) === want) return false;
    return true;
  };
}

/** The predicate for `volume prune`: anonymous volumes only unless all=true (API ≥ 1.42), label / label! filters. */
export function prunePredicate(f: Map<string, string[]>, anonymousLabel: string): (v: VolumeRecord) => boolean {
  const all = f.get("all") ?? [];
  if (all.length > 1) throw invalidArgument(`invalid filter 'all=[${all.join(" ")}]': only one value is expected`);
  let everything = false;
  if (all.length === 1) {
    try {
      everything = parseBool("all", all[0]!);
    } catch {
      throw invalidArgument(`invalid filter 'all': strconv.ParseBool: parsing ${JSON.stringify(all[0])}: invalid syntax`);
    }
  }
  const labels = [...(f.get("label") ?? []), ...(everything ? [] : [anonymousLabel])];
  const notLabels = f.get("label!") ?? [];
  return (v) => labels.every((l) => hasLabel(v, l)) && !notLabels.some((l) => hasLabel(v, l));
}

function safeRegex(s: string): RegExp | undefined {
  try {
    return new RegExp(s);
  } catch {
    return undefined;
  }
}
