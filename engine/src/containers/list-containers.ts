// GET /containers/json: all, limit, filters (status, label, name, id, ancestor, exited), newest first, as dockerd.
import { invalidArgument } from "../errors.js";
import { summarizeContainer } from "../api/wire/containers.js";
import { parseFilterArgs } from "../api/filter-args.js";
import { CONTAINER_STATES, type ContainerRecord } from "./container-record.js";

export const LIST_FILTERS = ["status", "label", "name", "id", "ancestor", "exited", "health", "volume"] as const;


export function listContainers(records: ContainerRecord[], query: URLSearchParams): Record<string, unknown>[] {
  const filters = parseFilterArgs(query.get("filters"), LIST_FILTERS);
  const all = ["1", "true"].includes(query.get("all") ?? "");
  for (const s of filters.get("status") ?? []) if (!(CONTAINER_STATES as readonly string[]).includes(s)) throw invalidArgument(`invalid filter 'status=${s}'`);
  // health=starting|healthy|unhealthy|none (health-check.ts); "none" = no health check.
  for (const h of filters.get("health") ?? []) if (!["starting", "healthy", "unhealthy", "none"].includes(h)) throw invalidArgument(`Unrecognised filter value for health: ${h}`);
  const matches = (r: ContainerRecord): boolean => {
    // Without -a dockerd lists what it counts as running: running, paused and restarting.
    if (!all && !filters.has("status") && r.state.status !== "running" && r.state.status !== "paused" && r.state.status !== "restarting") return false;
    const st = filters.get("status");
    if (st && !st.includes(r.state.status)) return false;
    const labels = filters.get("label");
    if (labels) {
      for (const l of labels) {
        const [k, v] = l.split("=", 2) as [string, string?];
        const have = (r.config.Labels ?? {})[k];
        if (have === undefined || (v !== undefined && have !== v)) return false;
      }
    }
    const names = filters.get("name");
    if (names && !names.some((n) => new RegExp(n).test(r.name))) return false;
    const ids = filters.get("id");
    if (ids && !ids.some((i) => r.id.startsWith(i))) return false;
    const anc = filters.get("ancestor");
    if (anc && !anc.some((a) => r.imageName === a || r.imageId === a || r.imageId.slice(7).startsWith(a.replace(/^sha256:/, "")) || `${r.imageName}:latest` === a || r.imageName === `${a}:latest`)) return false;
    const health = filters.get("health");
    if (health && !health.includes(r.health?.Status ?? "none")) return false;
    // volume=<volume name, bind source or destination> (moby daemon/list.go), from the mount points (volumes/).
    const vols = filters.get("volume");
    if (vols && !vols.some((v) => (r.mounts ?? []).some((m) => m.destination === v || (m.name ? m.name === v : m.source === v)))) return false;
    const exited = filters.get("exited");
    if (exited && !(r.state.status === "exited" && exited.includes(String(r.state.exitCode)))) return false;
    return true;
  };
  let out = records.filter(matches).sort((a, b) => Date.parse(b.created) - Date.parse(a.created));
  const limit = Number(query.get("limit") ?? 0);
  if (limit > 0) out = out.slice(0, limit);
  return out.map(summarizeContainer);
}
