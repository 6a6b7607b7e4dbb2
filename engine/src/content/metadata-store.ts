// Image records and the tag/digest references that point at them, in one small JSON file
// (<root>/metadata.json) rewritten atomically after every change (write-atomic.ts). Images are keyed by ID =
// config digest (as dockerd); references are canonical strings ("docker.io/library/busybox:latest",
// "127.0.0.1:5000/busybox@sha256:…"). A record is only written after its blobs and snapshots are complete, so
// after a crash the store never names content that is missing.
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { writeFileAtomic } from "./write-atomic.js";

export interface LayerRecord {
  /** Digest of the blob as stored (compressed, as in the manifest). */
  digest: string;
  mediaType: string;
  /** Blob size in bytes. */
  size: number;
  /** sha256 of the uncompressed tar (rootfs.diff_ids). */
  diffId: string;
  /** ChainID of this layer and all below it: the snapshot key. */
  chainId: string;
}

export interface ImageRecord {
  /** Config digest = image ID. */
  id: string;
  /** The manifest stored in the content store for this image (pulled, or generated for load/import). */
  manifestDigest: string;
  manifestMediaType: string;
  /** The index the image was selected from when pulled through a multi-platform tag (its RepoDigest). */
  indexDigest?: string;
  layers: LayerRecord[];
  /** Unix ms when the image was first stored locally. */
  storedAt: number;
  /** Unix ms of the last tag change (Metadata.LastTagTime). */
  lastTagTime?: number;
}

interface MetadataFile {
  version: 1;
  images: Record<string, ImageRecord>;
  /** canonical reference (tag or digest form) → image ID */
  references: Record<string, string>;
}

export class MetadataStore {
  private readonly file: string;
  private data: MetadataFile;
  constructor(root: string) {
    mkdirSync(root, { recursive: true });
    this.file = join(root, "metadata.json");
    this.data = existsSync(this.file) ? (JSON.parse(readFileSync(this.file, "utf8")) as MetadataFile) : { version: 1, images: {}, references: {} };
  }

  images(): ImageRecord[] {
    return Object.values(this.data.images);
  }

  image(id: string): ImageRecord | undefined {
    return this.data.images[id];
  }

  /** Canonical references pointing at `id`, sorted. */
  referencesOf(id: string): string[] {
    return Object.entries(this.data.references).filter(([, v]) => v === id).map(([k]) => k).sort();
  }

  resolve(reference: string): string | undefined {
    return this.data.references[reference];
  }

  allReferences(): Record<string, string> {
    return { ...this.data.references };
  }

  /** Stores an image and points `references` at it in one atomic write. */
  putImage(record: ImageRecord, references: readonly string[]): void {
    const existing = this.data.images[record.id];
    this.data.images[record.id] = existing ? { ...existing, ...record, storedAt: existing.storedAt } : record;
    for (const r of references) this.data.references[r] = record.id;
    if (references.length > 0) this.data.images[record.id]!.lastTagTime = Date.now();
    this.save();
  }

  setReference(reference: string, id: string): void {
    this.data.references[reference] = id;
    this.data.images[id]!.lastTagTime = Date.now();
    this.save();
  }

  removeReference(reference: string): void {
    delete this.data.references[reference];
    this.save();
  }

  removeImage(id: string): void {
    delete this.data.images[id];
    for (const [k, v] of Object.entries(this.data.references)) if (v === id) delete this.data.references[k];
    this.save();
  }

  private save(): void {
    writeFileAtomic(this.file, JSON.stringify(this.data));
  }
}
