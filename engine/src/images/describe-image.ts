// The engine's view of one image, assembled from its record, config and snapshots: what list, inspect and
// history show. camelCase domain model; api/wire/images.ts translates it to Docker's JSON.
import type { ImageRecord } from "../content/metadata-store.js";
import { familiarString, parseReference } from "../reference/parse-reference.js";
import type { ImageStore } from "./image-store.js";

export interface ImageDetails {
  id: string;
  repoTags: string[];
  repoDigests: string[];
  created: string;
  author: string;
  comment: string;
  dockerVersion: string;
  config: Record<string, unknown> | null;
  /** The legacy builder's container and its config (image config `container`, `container_config`), if any. */
  container: string;
  containerConfig: Record<string, unknown> | null;
  architecture: string;
  variant?: string;
  os: string;
  size: number;
  diffIds: string[];
  /** overlay lowerdirs, top first (GraphDriver.Data.LowerDir / UpperDir in dockerd terms). */
  layerDirs: string[];
  labels: Record<string, string>;
  lastTagTime?: string;
  manifestDigest: string;
}

export interface HistoryEntry {
  id: string;
  created: number;
  createdBy: string;
  tags: string[];
  size: number;
  comment: string;
}

export function describeImage(images: ImageStore, img: ImageRecord): ImageDetails {
  const config = images.config(img);
  const refs = images.metadata.referencesOf(img.id).map((r) => parseReference(r));
  const c = (config.config ?? null) as Record<string, unknown> | null;
  return {
    id: img.id,
    repoTags: refs.filter((r) => r.tag !== undefined && r.digest === undefined).map(familiarString),
    repoDigests: refs.filter((r) => r.digest !== undefined).map(familiarString),
    created: config.created ?? "0001-01-01T00:00:00Z",
    author: config.author ?? "",
    comment: config.comment ?? "",
    dockerVersion: config.docker_version ?? "",
    config: c,
    container: config.container ?? "",
    containerConfig: config.container_config ?? null,
    architecture: config.architecture,
    ...(config.variant ? { variant: config.variant } : {}),
    os: config.os,
    size: images.size(img),
    diffIds: config.rootfs.diff_ids,
    layerDirs: img.layers.map((l) => images.snapshots.diffDir(l.chainId)).reverse(),
    labels: ((c?.Labels as Record<string, string> | null) ?? {}) as Record<string, string>,
    ...(img.lastTagTime ? { lastTagTime: new Date(img.lastTagTime).toISOString() } : {}),
    manifestDigest: img.manifestDigest,
  };
}

/** History newest first, as dockerd's ImageService.ImageHistory: one entry per config history item; non-empty
 * entries take the next layer's size; only the top entry carries the image ID and tags. */
export function imageHistory(images: ImageStore, img: ImageRecord): HistoryEntry[] {
  const config = images.config(img);
  const tags = describeImage(images, img).repoTags;
  const out: HistoryEntry[] = [];
  let layer = 0;
  const history = config.history ?? img.layers.map(() => ({}));
  for (const h of history) {
    let size = 0;
    if (!("empty_layer" in h && h.empty_layer)) {
      const l = img.layers[layer++];
      if (l && images.snapshots.has(l.chainId)) size = images.snapshots.meta(l.chainId).size;
    }
    out.push({
      id: "<missing>",
      created: Math.floor(Date.parse((h as { created?: string }).created ?? "1970-01-01T00:00:00Z") / 1000),
      createdBy: (h as { created_by?: string }).created_by ?? "",
      tags: [],
      size,
      comment: (h as { comment?: string }).comment ?? "",
    });
  }
  out.reverse();
  if (out[0]) {
    out[0].id = img.id;
    out[0].tags = tags;
  }
  return out;
}
