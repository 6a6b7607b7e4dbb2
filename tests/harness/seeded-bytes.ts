// Random-looking but reproducible file content, e.g. for a ~50 MB benchmark image whose digests stay the same
// run to run. AES-128-CTR keystream keyed by sha256(seed): fast (GB/s) and incompressible, so a 50 MB file gives
// a ~50 MB gzip layer.
import { createCipheriv, createHash } from "node:crypto";

export function seededBytes(seed: string, size: number): Buffer {
  const key = createHash("sha256").update(seed).digest();
  const cipher = createCipheriv("aes-128-ctr", key.subarray(0, 16), key.subarray(16, 32));
  return Buffer.concat([cipher.update(Buffer.alloc(size)), cipher.final()]);
}
