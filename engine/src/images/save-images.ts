// `docker save` (GET /images/get, /images/{name}/get): a tar in the format dockerd 25+ writes — an OCI image
// layout (image-spec image-layout.md: oci-layout, index.json, blobs/sha256/…) that is also a docker-archive
// (manifest.json [{Config, RepoTags, Layers}] and repositories), so both `docker load` of any version and OCI
// tools read it. Layers are written uncompressed, keyed by DiffID, streamed from the stored blobs through the
// decompressor straight into the output tar.
import { createHash } from "node:crypto";
import type { Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { pack } from "tar-stream";
import type { ImageRecord } from "../content/metadata-store.js";
import { familiarName, familiarString, parseReference } from "../reference/parse-reference.js";
import { MEDIA_TYPES } from "../registry/media-types.js";
import { createDecompressor, sniffCompression } from "../snapshots/decompress.js";
import type { ImageStore } from "./image-store.js";

const EPOCH = new Date(0);

export async function saveImages(images: ImageStore, names: readonly string[], out: Writable): Promise<void> {
  const wanted: { img: ImageRecord; tags: string[] }[] = [];
  for (const name of names) {
    const img = images.get(name);
    let tags: string[];
    try {
      const ref = parseReference(name);
      tags = ref.digest === undefined && images.metadata.resolve(`${ref.domain}/${ref.path}:${ref.tag ?? "latest"}`) === img.id
        ? [familiarString(parseReference(name, { defaultTag: true }))]
        : [];
    } catch {
      tags = [];
    }
    const existing = wanted.find((w) => w.img.id === img.id);
    if (existing) existing.tags.push(...tags.filter((t) => !existing.tags.includes(t)));
    else wanted.push({ img, tags });
  }
  const tar = pack();
  const done = pipeline(tar, out);
  const written = new Set<string>();
  const addFile = (name: string, data: Buffer | string) =>
    new Promise<void>((res, rej) => tar.entry({ name, mtime: EPOCH, mode: 0o644 }, data, (e) => (e ? rej(e) : res())));
  const addDir = (name: string) => new Promise<void>((res, rej) => tar.entry({ name, type: "directory", mtime: EPOCH, mode: 0o755 }, (e) => (e ? rej(e) : res())));
  await addDir("blobs");
  await addDir("blobs/sha256");
  const manifestJson: { Config: string; RepoTags: string[]; Layers: string[] }[] = [];
  const repositories: Record<string, Record<string, string>> = {};
  const indexManifests: object[] = [];
  for (const { img, tags } of wanted) {
    const config = images.content.read(img.id);
    if (!written.has(img.id)) await addFile(`blobs/sha256/${hex(img.id)}`, config);
    written.add(img.id);
    const layerDescs: { mediaType: string; size: number; digest: string }[] = [];
    for (const l of img.layers) {
      const tarSize = await layerTarSize(images, l.digest, l.chainId);
      layerDescs.push({ mediaType: MEDIA_TYPES.ociLayer, size: tarSize, digest: l.diffId });
      if (written.has(l.diffId)) continue;
      written.add(l.diffId);
      const entry = tar.entry({ name: `blobs/sha256/${hex(l.diffId)}`, size: tarSize, mtime: EPOCH, mode: 0o644 });
      const { compression, stream } = await sniffCompression(images.content.open(l.digest));
      await pipeline(stream, createDecompressor(compression), entry);
    }
    const ociManifest = Buffer.from(JSON.stringify({
      schemaVersion: 2,
      mediaType: MEDIA_TYPES.ociManifest,
      config: { mediaType: MEDIA_TYPES.ociConfig, digest: img.id, size: config.length },
      layers: layerDescs,
    }));
    const manifestDigest = `sha256:${createHash("sha256").update(ociManifest).digest("hex")}`;
    if (!written.has(manifestDigest)) await addFile(`blobs/sha256/${hex(manifestDigest)}`, ociManifest);
    written.add(manifestDigest);
    indexManifests.push({
      mediaType: MEDIA_TYPES.ociManifest,
      digest: manifestDigest,
      size: ociManifest.length,
      ...(tags[0] ? { annotations: { "io.containerd.image.name": formatFull(tags[0]), "org.opencontainers.image.ref.name": tags[0].replace(/^.*:/, "") } } : {}),
    });
    manifestJson.push({ Config: `blobs/sha256/${hex(img.id)}`, RepoTags: tags, Layers: img.layers.map((l) => `blobs/sha256/${hex(l.diffId)}`) });
    for (const t of tags) {
      const r = parseReference(t);
      (repositories[familiarName(r)] ??= {})[r.tag!] = hex(img.id);
    }
  }
  await addFile("index.json", JSON.stringify({ schemaVersion: 2, mediaType: MEDIA_TYPES.ociIndex, manifests: indexManifests }));
  await addFile("manifest.json", JSON.stringify(manifestJson));
  await addFile("oci-layout", JSON.stringify({ imageLayoutVersion: "1.0.0" }));
  if (Object.keys(repositories).length > 0) await addFile("repositories", JSON.stringify(repositories));
  tar.finalize();
  await done;
}

const hex = (d: string) => d.replace(/^sha256:/, "");

function formatFull(familiar: string): string {
  const r = parseReference(familiar, { defaultTag: true });
  return `${r.domain}/${r.path}:${r.tag}`;
}

/** The uncompressed tar length: recorded at unpack time; measured by decompressing for older snapshots. */
async function layerTarSize(images: ImageStore, digest: string, chainId: string): Promise<number> {
  const meta = images.snapshots.has(chainId) ? images.snapshots.meta(chainId) : undefined;
  if (meta?.tarSize !== undefined) return meta.tarSize;
  let n = 0;
  const { compression, stream } = await sniffCompression(images.content.open(digest));
  await pipeline(stream, createDecompressor(compression), async function* (s) {
    for await (const c of s) n += (c as Buffer).length;
  });
  return n;
}
