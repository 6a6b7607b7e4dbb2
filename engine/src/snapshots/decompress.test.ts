import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { createDecompressor, sniffCompression } from "./decompress.js";

async function roundTrip(data: Buffer): Promise<{ compression: string; out: Buffer }> {
  const chunks: Buffer[] = [];
  // Feed in 1-byte first chunks to exercise the sniffing across chunk boundaries.
  const src = Readable.from([data.subarray(0, 1), data.subarray(1, 3), data.subarray(3)].filter((b) => b.length > 0));
  const { compression, stream } = await sniffCompression(src);
  await pipeline(stream, createDecompressor(compression), async function* (s) {
    for await (const c of s) chunks.push(c as Buffer);
  });
  return { compression, out: Buffer.concat(chunks) };
}

describe("layer decompression", () => {
  const plain = Buffer.from("x".repeat(100_000) + "tar-ish content");
  it("sniffs gzip, zstd and plain data", async () => {
    expect(await roundTrip(gzipSync(plain))).toEqual({ compression: "gzip", out: plain });
    // `zstd -19` of "hello zstd layer\n" x 1000, made once with Debian's zstd 1.5.4.
    const zst = Buffer.from("KLUv/QRozQAAiGhlbGxvIHpzdGQgbGF5ZXIKAQCpBNrnEnD0Mfo=", "base64");
    expect(await roundTrip(zst)).toEqual({ compression: "zstd", out: Buffer.from("hello zstd layer\n".repeat(1000)) });
    expect(await roundTrip(plain)).toEqual({ compression: "none", out: plain });
    expect(await roundTrip(Buffer.from("ab"))).toEqual({ compression: "none", out: Buffer.from("ab") });
  });
});
