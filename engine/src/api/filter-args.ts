// Docker's `filters` query parameter (moby api/types/filters): JSON mapping each key to {"value": true} (or the
// pre-1.22 form ["value"]). One parser for every list, prune and events endpoint; each passes the keys it accepts.
import { invalidArgument } from "../errors.js";

export interface FilterArgsOptions {
  /** What to do with a key outside `accepted`: dockerd refuses it ("invalid filter 'k'"); its events API ignores it. */
  unknown?: "refuse" | "ignore";
}

/** key → values; `accepted` undefined accepts every key. Malformed JSON → 400 "invalid filter: <raw>". */
export function parseFilterArgs(raw: string | null, accepted?: readonly string[], opts: FilterArgsOptions = {}): Map<string, string[]> {
  const out = new Map<string, string[]>();
  if (!raw) return out;
  let v: unknown;
  try {
    v = JSON.parse(raw);
  } catch {
    throw invalidArgument(`invalid filter: ${raw}`);
  }
  if (v === null || typeof v !== "object" || Array.isArray(v)) throw invalidArgument(`invalid filter: ${raw}`);
  for (const [k, vals] of Object.entries(v as Record<string, unknown>)) {
    if (accepted && !accepted.includes(k)) {
      if (opts.unknown === "ignore") continue;
      throw invalidArgument(`invalid filter '${k}'`);
    }
    out.set(k, Array.isArray(vals) ? vals.map(String) : typeof vals === "object" && vals !== null ? Object.keys(vals) : []);
  }
  return out;
}
