// `docker import` (POST /images/create?fromSrc=-): the request body is a filesystem tar (plain or compressed)
// that becomes a one-layer image, with a config as dockerd's ImportImage writes it (comment "Imported from -").
// Progress is one {"status": "<image id>"} line, which the CLI prints.
import type { Readable } from "node:stream";
import { notImplemented } from "../errors.js";
import { formatReference, parseReference } from "../reference/parse-reference.js";
import type { Platform } from "../registry/media-types.js";
import type { ImageStore } from "./image-store.js";
import { ingestTarLayer } from "./ingest-tar-layer.js";
import type { Progress } from "./progress.js";
import { storeBuiltImage } from "./store-built-image.js";

export interface ImportRequest {
  source: string;
  body: Readable;
  repo: string;
  tag: string;
  message: string;
  changes: string[];
  platform: Platform;
}

export async function importImage(images: ImageStore, req: ImportRequest, progress: Progress): Promise<string> {
  if (req.source !== "-") throw notImplemented("importing from a URL is not supported; pipe the archive to stdin (-)");
  if (req.changes.some((c) => c.trim() !== "")) throw notImplemented("--change is not supported by this engine");
  const reference = req.repo ? formatReference(parseReference(req.tag ? `${req.repo}:${req.tag}` : req.repo, { defaultTag: true })) : undefined;
  const layer = await ingestTarLayer(images, req.body, null);
  const created = new Date().toISOString();
  const config = {
    architecture: req.platform.architecture,
    ...(req.platform.variant ? { variant: req.platform.variant } : {}),
    comment: req.message || "Imported from -",
    config: {},
    created,
    history: [{ created, comment: req.message || "Imported from -" }],
    os: req.platform.os,
    rootfs: { type: "layers", diff_ids: [layer.diffId] },
  };
  const img = storeBuiltImage(images, Buffer.from(JSON.stringify(config)), [layer], reference ? [reference] : []);
  progress({ status: img.id });
  return img.id;
}
