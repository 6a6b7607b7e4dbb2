import { gunzipSync } from "node:zlib";
import { extract } from "tar-stream";
import { describe, expect, it } from "vitest";
import { buildLayer, FIXTURE_TIME, type LayerEntry } from "./build-layer.js";
import { buildImage, buildImageIndex } from "./build-image.js";

async function listTar(tar: Buffer): Promise<{ name: string; type: string; uid: number; mtime: number; mode: number }[]> {
  const out: { name: string; type: string; uid: number; mtime: number; mode: number }[] = [];
  const ex = extract();
  const done = new Promise<void>((resolve, reject) => {
    ex.on("entry", (h, stream, next) => {
      out.push({ name: h.name, type: h.type ?? "", uid: h.uid ?? -1, mtime: h.mtime?.getTime() ?? 0, mode: h.mode ?? 0 });
      stream.on("end", next);
      stream.resume();
    });
    ex.on("finish", resolve);
    ex.on("error", reject);
  });
  ex.end(tar);
  await done;
  return out;
}

const entries: LayerEntry[] = [
  { path: "usr/bin/tool", type: "file", content: "#!/bin/sh\n", mode: 0o755 },
  { path: "etc/hostname", type: "file", content: "x\n" },
  { path: "bin/sh", type: "symlink", linkname: "busybox" },
];

describe("buildLayer", () => {
  it("gives the same digests whatever the entry order", async () => {
    const a = await buildLayer(entries);
    const b = await buildLayer([...entries].reverse());
    expect(b.digest).toBe(a.digest);
    expect(b.diffId).toBe(a.diffId);
    expect(gunzipSync(a.blob).equals(a.tar)).toBe(true);
  });

  it("writes sorted entries with parents, fixed mtime and uid 0", async () => {
    const list = await listTar((await buildLayer(entries)).tar);
    expect(list.map((e) => e.name)).toEqual(["bin/", "bin/sh", "etc/", "etc/hostname", "usr/", "usr/bin/", "usr/bin/tool"]);
    expect(new Set(list.map((e) => e.mtime))).toEqual(new Set([FIXTURE_TIME.getTime()]));
    expect(new Set(list.map((e) => e.uid))).toEqual(new Set([0]));
    expect(list.find((e) => e.name === "usr/bin/tool")?.mode).toBe(0o755);
  });

  it("rejects duplicate and escaping paths", async () => {
    await expect(buildLayer([entries[0] as LayerEntry, entries[0] as LayerEntry])).rejects.toThrow(/duplicate/);
    await expect(buildLayer([{ path: "../etc/passwd", type: "file" }])).rejects.toThrow(/relative/);
  });
});

describe("buildImage", () => {
  it("writes diff_ids, history and media types that match the layers and format", async () => {
    const img = await buildImage({ format: "docker", layers: [{ files: entries }, { files: [{ path: "a", type: "file" }] }] });
    const config = JSON.parse(img.config.toString()) as { rootfs: { diff_ids: string[] }; history: unknown[]; architecture: string };
    expect(config.rootfs.diff_ids).toEqual(img.layers.map((l) => l.diffId));
    expect(config.history).toHaveLength(2);
    expect(config.architecture).toBe("amd64");
    const manifest = JSON.parse(img.manifest.toString()) as { mediaType: string; config: { digest: string }; layers: { mediaType: string }[] };
    expect(manifest.mediaType).toBe("application/vnd.docker.distribution.manifest.v2+json");
    expect(manifest.config.digest).toBe(img.configDigest);
    expect(manifest.layers.map((l) => l.mediaType)).toEqual(Array(2).fill("application/vnd.docker.image.rootfs.diff.tar.gzip"));
  });

  it("makes an OCI index naming each platform", async () => {
    const amd = await buildImage({ layers: [{ files: entries }] });
    const arm = await buildImage({ layers: [{ files: entries }], platform: { architecture: "arm64", os: "linux" } });
    const index = buildImageIndex([amd, arm]);
    const parsed = JSON.parse(index.manifest.toString()) as { manifests: { digest: string; platform: { architecture: string } }[] };
    expect(parsed.manifests.map((m) => [m.digest, m.platform.architecture])).toEqual([
      [amd.manifestDigest, "amd64"],
      [arm.manifestDigest, "arm64"],
    ]);
    expect(amd.configDigest).not.toBe(arm.configDigest);
  });
});
