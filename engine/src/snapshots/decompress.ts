// Layer decompression by magic bytes (not media type, which registries sometimes get wrong): gzip 1F 8B 08,
// zstd 28 B5 2F FD (RFC 8878 §3.1.1), anything else is a plain tar. sniffCompression() peeks at the first bytes
// of a stream and hands back an equivalent stream; createDecompressor() gives the matching Transform.
import { PassThrough, Readable, Transform } from "node:stream";
import { createGunzip } from "node:zlib";
import { Decompress } from "fzstd";

export const COMPRESSIONS = ["gzip", "zstd", "none"] as const;
export type Compression = (typeof COMPRESSIONS)[number];

export function detectCompression(head: Buffer): Compression {
  if (head.length >= 3 && head[0] === 0x1f && head[1] === 0x8b && head[2] === 0x08) return "gzip";
  if (head.length >= 4 && head.readUInt32LE(0) === 0xfd2fb528) return "zstd";
  return "none";
}

/** Reads the first bytes of `source`; returns the compression and a stream with every byte of the original. */
export async function sniffCompression(source: Readable): Promise<{ compression: Compression; stream: Readable }> {
  const it = source[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  let head = Buffer.alloc(0);
  let done = false;
  while (head.length < 4) {
    const r = await it.next();
    if (r.done) {
      done = true;
      break;
    }
    head = Buffer.concat([head, r.value]);
  }
  const stream = Readable.from(
    (async function* () {
      if (head.length > 0) yield head;
      if (done) return;
      for (;;) {
        const r = await it.next();
        if (r.done) return;
        yield r.value;
      }
    })(),
    { objectMode: false },
  );
  return { compression: detectCompression(head), stream };
}

export function createDecompressor(compression: Compression): Transform {
  if (compression === "gzip") return createGunzip({ chunkSize: 1 << 17 });
  if (compression === "none") return new PassThrough();
  let self: Transform | undefined;
  const zstd = new Decompress((chunk) => {
    self!.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
  });
  self = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      try {
        zstd.push(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
        cb();
      } catch (e) {
        cb(e as Error);
      }
    },
    flush(cb) {
      try {
        zstd.push(new Uint8Array(0), true);
        cb();
      } catch (e) {
        cb(e as Error);
      }
    },
  });
  return self;
}
