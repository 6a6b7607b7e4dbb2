// The Docker client for one environment, cached per environment and version of its row (an edit makes a
// new client). NotFound for an unknown id.
import type Docker from "dockerode";
import type { Database } from "../../db/client";
import { AppError } from "../../errors";
import { createDockerClient } from "../../docker/create-docker-client";
import { getCredentialsKey } from "./credentials-key";
import { targetForEnvironment, type EnvironmentRow } from "./environment-target";

/** Bounds every API call except streams (logs, stats, exec) which run until closed. */
export const DOCKER_CALL_TIMEOUT_MS = 15_000;

type Cached = { stamp: number; docker: Docker; row: EnvironmentRow };
const globalForClients = globalThis as unknown as { wharfDockerClients?: Map<string, Cached> };
const clients = (globalForClients.wharfDockerClients ??= new Map());

export type EnvironmentDocker = { docker: Docker; environment: EnvironmentRow };

export async function getEnvironmentDocker(
  db: Database,
  environmentId: string,
  getKey: () => Buffer = getCredentialsKey,
): Promise<EnvironmentDocker> {
  const row = await db.environment.findUnique({ where: { id: environmentId } });
  if (!row) throw new AppError("NotFound", `environment "${environmentId}": not found`);
  return { docker: dockerFor(row, getKey), environment: row };
}

export function dockerFor(row: EnvironmentRow, getKey: () => Buffer = getCredentialsKey): Docker {
  const cached = clients.get(row.id);
  if (cached && cached.stamp === row.updatedAt.getTime()) return cached.docker;
  const docker = createDockerClient(targetForEnvironment(row, getKey), { timeoutMs: DOCKER_CALL_TIMEOUT_MS });
  clients.set(row.id, { stamp: row.updatedAt.getTime(), docker, row });
  return docker;
}

export function forgetEnvironmentDocker(environmentId: string): void {
  clients.delete(environmentId);
}
