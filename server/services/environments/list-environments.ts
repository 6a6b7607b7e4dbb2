// Lists all environments with their status. Uses the poller's recent result when there is one; otherwise
// probes now — all hosts in parallel, each bounded — so the list answers within about PROBE_TIMEOUT_MS
// even when hosts are down.
import type { Database } from "../../db/client";
import type { EngineCounts, EngineInfo } from "./probe-environment";
import type { EnvironmentKind, EnvironmentStatus } from "./environment-kinds";
import { checkEnvironment, getEnvironmentHealth } from "./environment-poller";

export type EnvironmentSummary = {
  id: string;
  name: string;
  kind: EnvironmentKind;
  url: string;
  createdAt: Date;
  status: EnvironmentStatus;
  engine: EngineInfo | null;
  counts: EngineCounts | null;
  error: string | null;
  checkedAt: Date;
  lastSeenAt: Date | null;
  /** which credentials are stored (never their content) */
  hasTls: boolean;
  hasSshKey: boolean;
  /** the pinned SSH host key (SHA256 fingerprint), for SSH environments */
  sshHostKeySha256: string | null;
};

export async function listEnvironments(db: Database): Promise<EnvironmentSummary[]> {
  const rows = await db.environment.findMany({ orderBy: { name: "asc" } });
  const healths = await Promise.all(rows.map((row) => getEnvironmentHealth(row.id) ?? checkEnvironment(row)));
  return rows.map((row, i) => {
    const health = healths[i]!;
    return {
      id: row.id,
      name: row.name,
      kind: row.kind as EnvironmentKind,
      url: row.url,
      createdAt: row.createdAt,
      status: health.status,
      engine: health.engine,
      counts: health.counts,
      error: health.error,
      checkedAt: health.checkedAt,
      lastSeenAt: health.lastSeenAt,
      hasTls: Boolean(row.tlsCertSealed),
      hasSshKey: Boolean(row.sshKeySealed),
      sshHostKeySha256: row.sshHostKeySha256,
    };
  });
}
