// `docker load` (POST /images/load): reads a docker-archive (plain, gzip or zstd) (manifest.json [{Config, RepoTags, Layers}], as written
// by dockerd of any version and by save-images.ts). The archive is unpacked to a temp dir first (manifest.json
// may come last); every path it names must stay inside that dir. Each layer (plain or compressed tar) is
// ingested bottom-up and its DiffID checked against the config's rootfs.diff_ids; images already present only
// get their tags. Progress: {"stream": "Loaded image: <tag>\n"} per tag, or "Loaded image ID: <id>\n".
import { createHash } from "node:crypto";
import { createReadStream, mkdtempSync, readFileSync, realpathSync, rmSync } from "node:fs";
import { join, sep } from "node:path";
import { PassThrough, type Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { EngineError, invalidArgument } from "../errors.js";
import type { LayerRecord } from "../content/metadata-store.js";
import { familiarString, formatReference, parseReference } from "../reference/parse-reference.js";
import { applyLayer, safeComponents } from "../snapshots/apply-layer.js";
import { createDecompressor, sniffCompression } from "../snapshots/decompress.js";
import type { ImageConfig, ImageStore } from "./image-store.js";
import { ingestTarLayer } from "./ingest-tar-layer.js";
import type { Progress } from "./progress.js";
import { storeBuiltImage } from "./store-built-image.js";

interface ArchiveManifestEntry {
  Config: string;
  RepoTags: string[] | null;
  Layers: string[];
}

export async function loadImages(images: ImageStore, body: Readable, progress: Progress): Promise<string[]> {
  const dir = mkdtempSync(join(images.root, "load-"));
  try {
    // applyLayer gives the same path safety for the archive as for layers (no "..", absolute names, symlinked parents).
    // Archives may arrive compressed (dockerd accepts gzip/zstd too): sniff and decompress on the way in.
    const { compression, stream } = await sniffCompression(body);
    const tar = new PassThrough({ highWaterMark: 1 << 20 });
    await Promise.all([pipeline(stream, createDecompressor(compression), tar), applyLayer(tar, dir)]);
    // Legacy archives link duplicate layers with symlinks: follow them, but only to files inside the archive.
    const root = realpathSync(dir);
    const inside = (p: string) => {
      const real = realpathSync(join(dir, ...safeComponents(p, "archive path")));
      if (!real.startsWith(root + sep)) throw invalidArgument(`invalid archive: ${p} points outside the archive`);
      return real;
    };
    let manifest: ArchiveManifestEntry[];
    try {
      manifest = JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8")) as ArchiveManifestEntry[];
    } catch {
      throw invalidArgument("invalid archive: no manifest.json (only docker-archive tarballs can be loaded)");
    }
    const loaded: string[] = [];
    for (const entry of manifest) {
      const configBytes = readFileSync(inside(entry.Config));
      const config = JSON.parse(configBytes.toString("utf8")) as ImageConfig;
      const diffIds = config.rootfs?.diff_ids ?? [];
      if (diffIds.length !== entry.Layers.length) throw invalidArgument(`invalid archive: ${entry.Config} names ${diffIds.length} layers, manifest.json ${entry.Layers.length}`);
      const refs = (entry.RepoTags ?? []).map((t) => formatReference(parseReference(t, { defaultTag: true })));
      const id = `sha256:${createHash("sha256").update(configBytes).digest("hex")}`;
      if (!images.metadata.image(id)) {
        const layers: LayerRecord[] = [];
        let parent: string | null = null;
        for (const [i, layerPath] of entry.Layers.entries()) {
          const layer = await ingestTarLayer(images, createReadStream(inside(layerPath), { highWaterMark: 1 << 20 }), parent);
          if (layer.diffId !== diffIds[i]) {
            throw new EngineError("InvalidArgument", `invalid archive: layer ${layerPath} has diffID ${layer.diffId}, the config says ${diffIds[i]}`);
          }
          layers.push(layer);
          parent = layer.chainId;
        }
        storeBuiltImage(images, configBytes, layers, refs);
      } else {
        for (const r of refs) images.metadata.setReference(r, id);
      }
      if (refs.length === 0) progress({ stream: `Loaded image ID: ${id}\n` });
      for (const r of refs) progress({ stream: `Loaded image: ${familiarString(parseReference(r))}\n` });
      loaded.push(id);
    }
    return loaded;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
