// The registry side of the harness on its own: basic auth, pushing a custom image built with buildImage (the
// ~50 MB seeded image later pull benchmarks use), reproducible digests, and cleanup by PID.
import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { buildImage, pushImage, seededBytes, startRegistry, type ImageSpec } from "../harness/index.js";
import { isAlive } from "../harness/stop-process.js";

const bigImageSpec = (): ImageSpec => ({
  format: "docker",
  layers: [{ files: [{ path: "data/blob.bin", type: "file", content: seededBytes("wharf-bench-50m", 50 * 1024 * 1024) }] }],
  config: { Cmd: ["true"] },
});

describe("startRegistry", () => {
  it("requires the configured basic-auth user and accepts pushes with it", async () => {
    const registry = await startRegistry({ basicAuth: { username: "alice", password: "s3cret pass" } });
    try {
      expect((await fetch(`${registry.url}/v2/`)).status).toBe(401);
      const wrong = `Basic ${Buffer.from("alice:nope").toString("base64")}`;
      expect((await fetch(`${registry.url}/v2/`, { headers: { authorization: wrong } })).status).toBe(401);
      expect((await fetch(`${registry.url}/v2/`, { headers: { authorization: registry.authorization ?? "" } })).status).toBe(200);

      const image = await buildImage({ layers: [{ files: [{ path: "hello.txt", type: "file", content: "hi\n" }] }] });
      await expect(pushImage({ host: registry.host }, "private/hello", "v1", image)).rejects.toThrow(/401/);
      const pushed = await pushImage({ host: registry.host, authorization: registry.authorization }, "private/hello", "v1", image);
      const res = await fetch(`${registry.url}/v2/private/hello/manifests/v1`, {
        headers: { authorization: registry.authorization ?? "", accept: image.manifestMediaType },
      });
      expect(res.status).toBe(200);
      expect(res.headers.get("docker-content-digest")).toBe(pushed.manifestDigest);
    } finally {
      await registry.stop();
    }
  });

  it("stop() kills the registry by PID and removes its storage", async () => {
    const registry = await startRegistry();
    expect(isAlive(registry.pid)).toBe(true);
    expect(existsSync(registry.dir)).toBe(true);
    await registry.stop();
    expect(isAlive(registry.pid)).toBe(false);
    expect(existsSync(registry.dir)).toBe(false);
    await expect(fetch(`${registry.url}/v2/`)).rejects.toThrow();
  });

  it("serves a ~50 MB seeded image built with buildImage, with the same digests on every build", async () => {
    const first = await buildImage(bigImageSpec());
    const second = await buildImage(bigImageSpec());
    expect(second.manifestDigest).toBe(first.manifestDigest);
    expect(first.layers[0]?.blob.length).toBeGreaterThan(50 * 1024 * 1024);

    const registry = await startRegistry();
    try {
      const pushed = await pushImage({ host: registry.host }, "bench/big", "latest", first);
      const layer = await fetch(`${registry.url}/v2/bench/big/blobs/${pushed.layerDigests[0]}`);
      expect(layer.status).toBe(200);
      const body = Buffer.from(await layer.arrayBuffer());
      expect(body.length).toBe(first.layers[0]?.blob.length);
      // Pushing again skips every blob (HEAD answers 200) and yields the same manifest digest.
      const again = await pushImage({ host: registry.host }, "bench/big", "latest", second);
      expect(again.manifestDigest).toBe(pushed.manifestDigest);
    } finally {
      await registry.stop();
    }
  });
});
