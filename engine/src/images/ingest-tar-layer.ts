// A layer that arrives as a tar (docker load, docker import), possibly compressed: decompress, hash the tar
// (DiffID), and in one pass both gzip it into the content store (the blob push and save use) and unpack it into a
// snapshot. Returns the layer record once blob and snapshot are committed.
import { createHash } from "node:crypto";
import { PassThrough, type Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGzip } from "node:zlib";
import type { LayerRecord } from "../content/metadata-store.js";
import { MEDIA_TYPES } from "../registry/media-types.js";
import { applyLayer } from "../snapshots/apply-layer.js";
import { chainIds } from "../snapshots/chain-id.js";
import { createDecompressor, sniffCompression } from "../snapshots/decompress.js";
import type { ImageStore } from "./image-store.js";

export async function ingestTarLayer(images: ImageStore, source: Readable, parentChainId: string | null): Promise<LayerRecord> {
  const { compression, stream } = await sniffCompression(source);
  const diffHash = createHash("sha256");
  let tarSize = 0;
  const tar = new Transform({
    transform(chunk: Buffer, _e, cb) {
      diffHash.update(chunk);
      tarSize += chunk.length;
      cb(null, chunk);
    },
  });
  const toBlob = new PassThrough({ highWaterMark: 1 << 20 });
  const toSnapshot = new PassThrough({ highWaterMark: 1 << 20 });
  tar.pipe(toBlob);
  tar.pipe(toSnapshot);
  const writer = images.content.beginWrite();
  const snap = images.snapshots.prepare();
  try {
    const [, , result] = await Promise.all([
      pipeline(stream, createDecompressor(compression), tar),
      pipeline(toBlob, createGzip({ level: 1 }), writer.stream, new PassThrough().resume()),
      applyLayer(toSnapshot, snap.diffDir),
    ]);
    const size = writer.written();
    const digest = await writer.commit();
    const diffId = `sha256:${diffHash.digest("hex")}`;
    const chainId = parentChainId === null ? diffId : chainIds([parentChainId, diffId])[1]!;
    snap.commit({ chainId, diffId, parent: parentChainId, size: result.size, tarSize });
    return { digest, mediaType: MEDIA_TYPES.dockerLayerGzip, size, diffId, chainId };
  } catch (e) {
    writer.abort();
    snap.abort();
    throw e;
  }
}
