// Records an image made here (docker load, docker import) rather than pulled: writes its config and a Docker
// schema 2 manifest (so push and save work the same as for pulled images) and points the references at it.
import type { ImageRecord, LayerRecord } from "../content/metadata-store.js";
import { MEDIA_TYPES } from "../registry/media-types.js";
import type { ImageStore } from "./image-store.js";

export function storeBuiltImage(images: ImageStore, configBytes: Buffer, layers: LayerRecord[], references: readonly string[]): ImageRecord {
  const id = images.content.put(configBytes);
  const manifest = {
    schemaVersion: 2,
    mediaType: MEDIA_TYPES.dockerManifest,
    config: { mediaType: MEDIA_TYPES.dockerConfig, size: configBytes.length, digest: id },
    layers: layers.map((l) => ({ mediaType: l.mediaType, size: l.size, digest: l.digest })),
  };
  const existing = images.metadata.image(id);
  const manifestDigest = existing?.manifestDigest ?? images.content.put(Buffer.from(JSON.stringify(manifest, null, 3)));
  const record: ImageRecord = existing ?? { id, manifestDigest, manifestMediaType: MEDIA_TYPES.dockerManifest, layers, storedAt: Date.now() };
  images.metadata.putImage(record, references);
  return images.metadata.image(id)!;
}
