// Each environment's full container list (GET /containers/json?all=1), cached for CACHE_TTL_MS, then served
// stale (up to STALE_MS) while one background refresh runs; concurrent callers share one request in flight
// per environment. State-changing actions invalidate their environment so the next list shows the change at
// once. Kept on globalThis: one cache per process.
import type Docker from "dockerode";
import { toContainerSummary, type ContainerSummary } from "./container-summary";

export const CACHE_TTL_MS = 2000;
/** Older than CACHE_TTL_MS but younger than this: answered at once from the cache while a refresh runs in
 * the background (stale-while-revalidate), so a page never waits for a big host's full list twice in a row. */
export const STALE_MS = 30_000;
/** A host that takes longer than this to list is reported unavailable for this request. */
export const LIST_TIMEOUT_MS = 5000;

type Entry = { fetchedAt: number; items: ContainerSummary[] | null; inflight: Promise<ContainerSummary[]> | null };
const globalForCache = globalThis as unknown as { wharfContainerLists?: Map<string, Entry> };
const cache = (globalForCache.wharfContainerLists ??= new Map());

export async function getCachedContainers(
  docker: Docker,
  environment: { id: string; name: string },
  now: number = Date.now(),
): Promise<ContainerSummary[]> {
  const entry = cache.get(environment.id);
  const age = entry ? now - entry.fetchedAt : Infinity;
  if (entry?.items && age < CACHE_TTL_MS) return entry.items;
  if (entry?.items && age < STALE_MS) {
    if (!entry.inflight) void refresh(docker, environment).catch(() => undefined);
    return entry.items;
  }
  return entry?.inflight ?? refresh(docker, environment);
}

function refresh(docker: Docker, environment: { id: string; name: string }): Promise<ContainerSummary[]> {
  const previous = cache.get(environment.id);
  const inflight = fetchContainers(docker, environment);
  const entry: Entry = { fetchedAt: previous?.fetchedAt ?? 0, items: previous?.items ?? null, inflight };
  cache.set(environment.id, entry);
  inflight.then(
    (items) => {
      // Only if nobody invalidated or replaced the entry meanwhile.
      if (cache.get(environment.id) === entry) cache.set(environment.id, { fetchedAt: Date.now(), items, inflight: null });
    },
    () => {
      if (cache.get(environment.id) === entry) cache.delete(environment.id);
    },
  );
  return inflight;
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
