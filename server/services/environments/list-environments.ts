// Lists all environments with their live status. Hosts are probed in parallel (Promise.allSettled) and
// each probe is bounded, so the list answers within about PROBE_TIMEOUT_MS even when hosts are down.
import type { Database } from "../../db/client";
import { probeEnvironment, type EngineInfo } from "./probe-environment";
import type { EnvironmentKind, EnvironmentStatus } from "./environment-kinds";

export type EnvironmentSummary = {
  id: string;
  name: string;
  kind: EnvironmentKind;
  url: string;
  createdAt: Date;
  status: EnvironmentStatus;
  engine: EngineInfo | null;
  error: string | null;
};

export async function listEnvironments(
  db: Database,
  probe: typeof probeEnvironment = probeEnvironment,
): Promise<EnvironmentSummary[]> {
  const rows = await db.environment.findMany({ orderBy: { name: "asc" } });
  const probes = await Promise.allSettled(rows.map((row) => probe(row.url)));
  return rows.map((row, i) => {
    const outcome = probes[i];
    const result =
      outcome?.status === "fulfilled" ? outcome.value : { status: "down" as const, error: String(outcome?.reason) };
    return {
      id: row.id,
      name: row.name,
      kind: row.kind as EnvironmentKind,
      url: row.url,
      createdAt: row.createdAt,
      status: result.status,
      engine: result.status === "up" ? result.engine : null,
      error: result.status === "down" ? result.error : null,
    };
  });
}
