// One layer from bytes to snapshot: download (or read from the content store) → hash and store the blob →
// sniff and decompress → hash the tar (DiffID) → extract into a temp snapshot dir. Streamed end to end: the blob
// is never held in memory. The blob is always read to its end, even when extraction fails, so a corrupted blob
// is reported as a digest error (not as whatever the decompressor made of it); the blob is committed to the
// content store and the snapshot renamed into place only after both the blob digest and the DiffID verify.
import { createHash } from "node:crypto";
import { once } from "node:events";
import { PassThrough, Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { EngineError } from "../errors.js";
import type { LayerRecord } from "../content/metadata-store.js";
import { applyLayer } from "../snapshots/apply-layer.js";
import { createDecompressor, sniffCompression } from "../snapshots/decompress.js";
import type { ImageStore } from "./image-store.js";

export interface UnpackSource {
  stream: Readable;
  /** True when the bytes come from the registry and must be stored (and verified) as a blob. */
  store: boolean;
  onBytes?(n: number): void;
}

/** Unpacks `layer` (parent = previous ChainID or null) from `source`; resolves once the snapshot is committed. */
export async function unpackLayer(images: ImageStore, layer: LayerRecord, parent: string | null, source: UnpackSource): Promise<void> {
  const writer = source.store ? images.content.beginWrite(layer.digest, layer.size) : undefined;
  const snap = images.snapshots.prepare();
  const pass = new PassThrough({ highWaterMark: 1 << 20 });
  const diffHash = createHash("sha256");
  let tarSize = 0;
  const hashTar = new Transform({
    transform(chunk: Buffer, _e, cb) {
      diffHash.update(chunk);
      tarSize += chunk.length;
      cb(null, chunk);
    },
  });
  let failed: Error | undefined;
  const extraction = (async () => {
    const { compression, stream } = await sniffCompression(pass);
    const tar = new PassThrough({ highWaterMark: 1 << 20 });
    const [, result] = await Promise.all([pipeline(stream, createDecompressor(compression), hashTar, tar), applyLayer(tar, snap.diffDir)]);
    return result;
  })().catch((e: Error) => {
    failed = e;
    pass.resume(); // keep draining so the download loop below never blocks on a dead consumer
    throw e;
  });
  extraction.catch(() => undefined);
  try {
    // One blob write in flight at a time: it overlaps the next network read without queueing unbounded memory.
    let wrote: Promise<void> | undefined;
    for await (const chunk of source.stream as AsyncIterable<Buffer>) {
      await wrote;
      wrote = writer?.write(chunk);
      source.onBytes?.(chunk.length);
      if (!failed && !pass.write(chunk)) await Promise.race([once(pass, "drain"), extraction.catch(() => undefined)]);
    }
    await wrote;
    pass.end();
    await writer?.commit(); // digest (and size) check first: a tampered blob is a digest error whatever else broke
    const result = await extraction;
    const diffId = `sha256:${diffHash.digest("hex")}`;
    if (diffId !== layer.diffId) {
      throw new EngineError("InvalidArgument", `failed to register layer: layer diffID mismatch: expected ${layer.diffId}, got ${diffId}`, { object: layer.digest });
    }
    snap.commit({ chainId: layer.chainId, diffId, parent, size: result.size, tarSize });
  } catch (e) {
    writer?.abort();
    if (!pass.writableEnded) pass.destroy();
    await extraction.catch(() => undefined);
    snap.abort();
    throw e;
  }
}
