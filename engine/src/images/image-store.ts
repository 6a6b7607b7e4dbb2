// The image subsystem's storage, opened once per daemon under <data-root>/image: content store (blobs),
// metadata store (image records and references) and snapshot store (unpacked layers by ChainID). Also the name
// lookup every image endpoint shares (dockerd's GetImage: full/short ID, reference, name@digest).
import { join } from "node:path";
import { ContentStore } from "../content/content-store.js";
import { MetadataStore, type ImageRecord } from "../content/metadata-store.js";
import { notFound } from "../errors.js";
import { formatReference, parseReference } from "../reference/parse-reference.js";
import { SnapshotStore } from "../snapshots/snapshot-store.js";

/** Containers register here which images they use; image removal asks before deleting (409 when in use). */
export type ImageUsers = (imageId: string) => string[];

export class ImageStore {
  readonly content: ContentStore;
  readonly metadata: MetadataStore;
  readonly snapshots: SnapshotStore;
  /** Returns the IDs of containers using an image; replaced by the container subsystem when it lands. */
  imageUsers: ImageUsers = () => [];
  /** In-flight layer unpacks by ChainID, so concurrent pulls of a shared layer unpack it once. */
  readonly unpacking = new Map<string, Promise<void>>();

  constructor(readonly root: string) {
    this.content = new ContentStore(join(root, "content"));
    this.metadata = new MetadataStore(root);
    this.snapshots = new SnapshotStore(join(root, "snapshots"));
  }

  /** Finds an image by "sha256:<id>", an ID prefix (≥ 1 hex char, unique), a reference or name@digest. */
  find(name: string): ImageRecord | undefined {
    const full = /^sha256:[0-9a-f]{64}$/.test(name) ? name : /^[0-9a-f]{64}$/.test(name) ? `sha256:${name}` : undefined;
    if (full && this.metadata.image(full)) return this.metadata.image(full);
    let canonical: string | undefined;
    try {
      canonical = formatReference(parseReference(name, { defaultTag: true }));
    } catch {
      canonical = undefined;
    }
    if (canonical !== undefined) {
      const id = this.metadata.resolve(canonical);
      if (id) return this.metadata.image(id);
      // name@digest also finds an image pulled by tag whose manifest (or index) has that digest, as long as it is
      // known under the same repository.
      const m = /^(.*)@(sha256:[0-9a-f]{64})$/.exec(canonical);
      if (m) {
        const repo = m[1]!;
        const hit = this.metadata
          .images()
          .find((i) => (i.manifestDigest === m[2] || i.indexDigest === m[2]) && this.metadata.referencesOf(i.id).some((r) => r.startsWith(`${repo}:`) || r.startsWith(`${repo}@`)));
        if (hit) return hit;
      }
    }
    const prefix = name.replace(/^sha256:/, "");
    if (/^[0-9a-f]{1,63}$/.test(prefix)) {
      const hits = this.metadata.images().filter((i) => i.id.slice(7).startsWith(prefix));
      if (hits.length === 1) return hits[0];
    }
    return undefined;
  }

  get(name: string): ImageRecord {
    const img = this.find(name);
    if (!img) throw notFound(`No such image: ${name}`, name);
    return img;
  }

  /** Parsed image config JSON (image-spec config.md). */
  config(img: ImageRecord): ImageConfig {
    return JSON.parse(this.content.read(img.id).toString("utf8")) as ImageConfig;
  }

  /** Sum of the image's layer snapshot sizes (dockerd's Size). */
  size(img: ImageRecord): number {
    return img.layers.reduce((s, l) => s + (this.snapshots.has(l.chainId) ? this.snapshots.meta(l.chainId).size : 0), 0);
  }

  /**
   * Removes blobs and snapshots no image references (and, for blobs, no stored manifest/index of a kept image).
   * Returns bytes reclaimed.
   */
  collectGarbage(): number {
    const liveBlobs = new Set<string>();
    const liveSnapshots = new Set<string>();
    for (const img of this.metadata.images()) {
      liveBlobs.add(img.id);
      liveBlobs.add(img.manifestDigest);
      if (img.indexDigest) liveBlobs.add(img.indexDigest);
      for (const l of img.layers) {
        liveBlobs.add(l.digest);
        liveSnapshots.add(l.chainId);
      }
    }
    let reclaimed = 0;
    for (const d of this.content.list()) if (!liveBlobs.has(d)) this.content.remove(d);
    for (const c of this.snapshots.list()) if (!liveSnapshots.has(c) && !this.unpacking.has(c)) reclaimed += this.snapshots.remove(c);
    return reclaimed;
  }
}

export interface ImageConfig {
  created?: string;
  author?: string;
  architecture: string;
  variant?: string;
  os: string;
  config?: Record<string, unknown>;
  container_config?: Record<string, unknown>;
  container?: string;
  docker_version?: string;
  comment?: string;
  rootfs: { type: string; diff_ids: string[] };
  history?: { created?: string; created_by?: string; comment?: string; author?: string; empty_layer?: boolean }[];
}
