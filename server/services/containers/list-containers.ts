// One list of containers across environments (or one environment): fetches every environment's cached
// list in parallel, skips hosts the poller knows are down, and returns only the requested page.
import type { Database } from "../../db/client";
import { dockerFor } from "../environments/get-environment-docker";
import { getEnvironmentHealth } from "../environments/environment-poller";
import { describeProbeError } from "../environments/probe-environment";
import { getCachedContainers } from "./container-list-cache";
import { queryContainers, type ContainerPage, type ContainerQuery } from "./query-containers";
import type { ContainerSummary } from "./container-summary";

export type ContainerListResult = ContainerPage & {
  /** environments whose containers are missing from this answer, and why */
  unavailable: Array<{ environmentId: string; environmentName: string; reason: string }>;
  /** server time spent, for the benchmark and the UI footer */
  serverMs: number;
};

export async function listContainers(db: Database, query: ContainerQuery): Promise<ContainerListResult> {
  const started = performance.now();
  const rows = await db.environment.findMany({
    where: query.environmentIds.length > 0 ? { id: { in: query.environmentIds } } : undefined,
    orderBy: { name: "asc" },
  });
  const unavailable: ContainerListResult["unavailable"] = [];
  const lists = await Promise.all(
    rows.map(async (row): Promise<ContainerSummary[]> => {
      const health = getEnvironmentHealth(row.id);
      if (health?.status === "down") {
        unavailable.push({ environmentId: row.id, environmentName: row.name, reason: health.error ?? "down" });
        return [];
      }
      try {
        return await getCachedContainers(dockerFor(row), { id: row.id, name: row.name });
      } catch (error) {
        unavailable.push({ environmentId: row.id, environmentName: row.name, reason: describeContainerListError(error) });
        return [];
      }
    }),
  );
  const page = queryContainers(lists.flat(), query);
  return { ...page, unavailable, serverMs: Math.round((performance.now() - started) * 10) / 10 };
}

function describeContainerListError(error: unknown): string {
  const status = (error as { statusCode?: number }).statusCode;
  // The local engine answers /_ping, /version and /info but has no container endpoints yet.
  if (status === 404) return "this engine does not serve containers yet";
  return describeProbeError(error);
}
