// The cache against a stand-in for dockerode's listContainers that counts calls (the real daemon is exercised
// by containers-over-tls.int.test.ts and bench/container-list.ts).
import { describe, expect, it } from "vitest";
import type Docker from "dockerode";
import { CACHE_TTL_MS, STALE_MS, getCachedContainers, invalidateContainers } from "./container-list-cache";

function countingDocker(names: () => string[]) {
  const calls = { n: 0 };
  const docker = {
    listContainers: async () => {
      calls.n++;
      return names().map((name, i) => ({ Id: `${i}`, Names: [`/${name}`], Image: "img", State: "running", Created: 0, Labels: {}, Ports: [] }));
    },
  } as unknown as Docker;
  return { docker, calls };
}

describe("container list cache", () => {
  it("shares one request, serves fresh within the TTL, stale-while-revalidate after, refetches after invalidation", async () => {
    let current = ["a"];
    const { docker, calls } = countingDocker(() => current);
    const env = { id: `env-${Math.random()}`, name: "e" };
    const t0 = Date.now();
    const [first, second] = await Promise.all([getCachedContainers(docker, env, t0), getCachedContainers(docker, env, t0)]);
    expect(calls.n).toBe(1);
    expect(first.map((c) => c.name)).toEqual(["a"]);
    expect(second).toBe(first);

    current = ["a", "b"];
    expect((await getCachedContainers(docker, env, Date.now() + CACHE_TTL_MS / 2)).map((c) => c.name)).toEqual(["a"]);
    expect(calls.n).toBe(1);

    // Stale: answered from the cache at once, refreshed in the background.
    expect((await getCachedContainers(docker, env, Date.now() + CACHE_TTL_MS + 10)).map((c) => c.name)).toEqual(["a"]);
    await new Promise((r) => setTimeout(r, 10));
    expect(calls.n).toBe(2);
    expect((await getCachedContainers(docker, env)).map((c) => c.name)).toEqual(["a", "b"]);

    current = ["c"];
    invalidateContainers(env.id);
    expect((await getCachedContainers(docker, env)).map((c) => c.name)).toEqual(["c"]);
    expect(calls.n).toBe(3);

    // Too old to serve stale: waits for a fresh list.
    current = ["d"];
    expect((await getCachedContainers(docker, env, Date.now() + STALE_MS + 1)).map((c) => c.name)).toEqual(["d"]);
  });
});
