// Content-addressed blobs under <root>/blobs/sha256/<hex> (image-spec image-layout.md "blobs"). A blob is
// written to <root>/ingest/<random>, hashed while written, fsynced, verified against its digest and only then
// renamed into place, so a blob that exists is always complete and correct. Leftover ingest files (a crash
// mid-download) are removed when the store opens.
import { createHash, randomBytes } from "node:crypto";
import { closeSync, createReadStream, existsSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, type ReadStream } from "node:fs";
import { join } from "node:path";
import { Transform, type TransformCallback } from "node:stream";
import { EngineError, invalidArgument } from "../errors.js";
import { promisify } from "node:util";
import { fsync, writev as writevCb } from "node:fs";
import { fsyncDir, writeFileAtomic } from "./write-atomic.js";

const writevAsync = promisify(writevCb) as unknown as (fd: number, b: Buffer[]) => Promise<{ bytesWritten: number }>;
const fsyncAsync = promisify(fsync);
export const WRITE_BATCH = 1 << 20;

/** writev(2) until every byte of `chunks` is written (short writes resume where they stopped). */
export async function writeAllv(fd: number, chunks: Buffer[]): Promise<void> {
  let rest = chunks;
  while (rest.length > 0) {
    let n = (await writevAsync(fd, rest)).bytesWritten;
    while (rest.length > 0 && n >= rest[0]!.length) {
      n -= rest[0]!.length;
      rest = rest.slice(1);
    }
    if (n > 0) rest = [rest[0]!.subarray(n), ...rest.slice(1)];
  }
}

const DIGEST = /^sha256:([0-9a-f]{64})$/;

export class ContentStore {
  readonly blobsDir: string;
  readonly ingestDir: string;
  constructor(root: string) {
    this.blobsDir = join(root, "blobs", "sha256");
    this.ingestDir = join(root, "ingest");
    mkdirSync(this.blobsDir, { recursive: true });
    rmSync(this.ingestDir, { recursive: true, force: true });
    mkdirSync(this.ingestDir, { recursive: true });
  }

  path(digest: string): string {
    const m = DIGEST.exec(digest);
    if (!m) throw invalidArgument(`unsupported digest ${digest}`, digest);
    return join(this.blobsDir, m[1]!);
  }

  has(digest: string): boolean {
    return existsSync(this.path(digest));
  }

  size(digest: string): number {
    return statSync(this.path(digest)).size;
  }

  read(digest: string): Buffer {
    return readFileSync(this.path(digest));
  }

  open(digest: string): ReadStream {
    return createReadStream(this.path(digest), { highWaterMark: 1 << 20 });
  }

  /** Stores small `data` (configs, manifests) synchronously, verified when `digest` is given; returns its digest. */
  put(data: Buffer, digest?: string): string {
    const actual = `sha256:${createHash("sha256").update(data).digest("hex")}`;
    if (digest && digest !== actual) throw digestMismatch(digest, actual);
    if (this.has(actual)) return actual;
    writeFileAtomic(this.path(actual), data, 0o600);
    return actual;
  }

  /**
   * Starts writing a blob into an ingest file, hashing as it goes. write() is asynchronous (libuv thread pool), so
   * disk writes overlap with decompression and extraction; commit() fsyncs, verifies the digest (and size) and
   * renames the blob into place; abort() removes the ingest file.
   */
  beginWrite(expected?: string, expectedSize?: number): BlobWriter {
    const tmp = join(this.ingestDir, randomBytes(8).toString("hex"));
    const fd = openSync(tmp, "wx", 0o600);
    const hash = createHash("sha256");
    let written = 0;
    let closed = false;
    const close = () => {
      if (!closed) closeSync(fd);
      closed = true;
    };
    // Chunks are batched into ~1 MiB writev calls: per-call overhead on the main thread dominates with the 16–64 KiB
    // chunks sockets and decompressors produce.
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    const flush = async () => {
      if (pendingBytes === 0) return;
      const batch = pending;
      pending = [];
      pendingBytes = 0;
      await writeAllv(fd, batch);
    };
    const write = async (chunk: Buffer) => {
      hash.update(chunk);
      written += chunk.length;
      pending.push(chunk);
      pendingBytes += chunk.length;
      if (pendingBytes >= WRITE_BATCH) await flush();
    };
    const stream = new Transform({
      transform(chunk: Buffer, _enc, cb: TransformCallback) {
        write(chunk).then(() => cb(null, chunk), (e: Error) => cb(e));
      },
    });
    return {
      stream,
      write,
      written: () => written,
      commit: async () => {
        await flush();
        await fsyncAsync(fd);
        close();
        const actual = `sha256:${hash.digest("hex")}`;
        if ((expected !== undefined && actual !== expected) || (expectedSize !== undefined && written !== expectedSize)) {
          rmSync(tmp, { force: true });
          throw digestMismatch(expected ?? actual, actual);
        }
        renameSync(tmp, this.path(actual));
        fsyncDir(this.blobsDir);
        return actual;
      },
      abort() {
        close();
        rmSync(tmp, { force: true });
      },
    };
  }

  list(): string[] {
    return readdirSync(this.blobsDir).filter((n) => /^[0-9a-f]{64}$/.test(n)).map((n) => `sha256:${n}`);
  }

  remove(digest: string): number {
    const p = this.path(digest);
    let size = 0;
    try {
      size = statSync(p).size;
    } catch {
      return 0;
    }
    rmSync(p, { force: true });
    return size;
  }
}

export interface BlobWriter {
  stream: Transform;
  write(chunk: Buffer): Promise<void>;
  written(): number;
  /** Returns the digest; throws InvalidArgument "digest mismatch" (and removes the temp file) when the content
   * is not `expected`. */
  commit(): Promise<string>;
  abort(): void;
}

export function digestMismatch(expected: string, actual: string): EngineError {
  return new EngineError("InvalidArgument", `failed to verify layer: digest mismatch: expected ${expected}, got ${actual}`, { object: expected });
}
