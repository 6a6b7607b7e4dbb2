// Each environment's full container list (GET /containers/json?all=1), cached for CACHE_TTL_MS and shared by
// concurrent callers (one request in flight per environment). State-changing actions invalidate their
// environment so the next list shows the change. Kept on globalThis: one cache per process.
import type Docker from "dockerode";
import { toContainerSummary, type ContainerSummary } from "./container-summary";

export const CACHE_TTL_MS = 2000;
/** A host that takes longer than this to list is reported unavailable for this request. */
export const LIST_TIMEOUT_MS = 5000;

type Entry = { fetchedAt: number; items: ContainerSummary[] } | { fetchedAt: number; inflight: Promise<ContainerSummary[]> };
const globalForCache = globalThis as unknown as { wharfContainerLists?: Map<string, Entry> };
const cache = (globalForCache.wharfContainerLists ??= new Map());

export async function getCachedContainers(
  docker: Docker,
  environment: { id: string; name: string },
  now: number = Date.now(),
): Promise<ContainerSummary[]> {
  const entry = cache.get(environment.id);
  if (entry && "inflight" in entry) return entry.inflight;
  if (entry && now - entry.fetchedAt < CACHE_TTL_MS) return entry.items;
  const inflight = fetchContainers(docker, environment);
  cache.set(environment.id, { fetchedAt: now, inflight });
  try {
    const items = await inflight;
    cache.set(environment.id, { fetchedAt: Date.now(), items });
    return items;
  } catch (error) {
    cache.delete(environment.id);
    throw error;
  }
}

async function fetchContainers(docker: Docker, environment: { id: string; name: string }): Promise<ContainerSummary[]> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${LIST_TIMEOUT_MS} ms`)), LIST_TIMEOUT_MS);
  });
  try {
    const wire = await Promise.race([docker.listContainers({ all: true }), timeout]);
    return wire.map((c) => toContainerSummary(c, environment));
  } finally {
    clearTimeout(timer);
  }
}

export function invalidateContainers(environmentId: string): void {
  cache.delete(environmentId);
}
