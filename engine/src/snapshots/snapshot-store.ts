// Layer snapshots keyed by ChainID: <root>/<chain hex>/diff is the unpacked layer (an overlayfs lowerdir, read
// only once committed) and <root>/<chain hex>/meta.json its facts. A snapshot is unpacked into
// <root>/.tmp-<random>/ and renamed into place only when complete and verified; temp dirs left by a crash are
// removed when the store opens, so an existing snapshot dir is always whole.
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fsyncDir } from "../content/write-atomic.js";

export interface SnapshotMeta {
  chainId: string;
  diffId: string;
  parent: string | null;
  /** Disk usage in bytes (dockerd's layer Size). */
  size: number;
  /** Length of the uncompressed layer tar (what docker save writes). */
  tarSize?: number;
}

export interface PreparedSnapshot {
  /** Where to unpack the layer. */
  diffDir: string;
  commit(meta: SnapshotMeta): void;
  abort(): void;
}

export class SnapshotStore {
  constructor(readonly root: string) {
    mkdirSync(root, { recursive: true, mode: 0o700 });
    for (const n of readdirSync(root)) if (n.startsWith(".tmp-")) rmSync(join(root, n), { recursive: true, force: true });
  }

  private dir(chainId: string): string {
    return join(this.root, chainId.replace(/^sha256:/, ""));
  }

  has(chainId: string): boolean {
    return existsSync(join(this.dir(chainId), "meta.json"));
  }

  meta(chainId: string): SnapshotMeta {
    return JSON.parse(readFileSync(join(this.dir(chainId), "meta.json"), "utf8")) as SnapshotMeta;
  }

  /** The overlay lowerdir for a committed snapshot. */
  diffDir(chainId: string): string {
    return join(this.dir(chainId), "diff");
  }

  prepare(): PreparedSnapshot {
    const tmp = join(this.root, `.tmp-${randomBytes(8).toString("hex")}`);
    mkdirSync(join(tmp, "diff"), { recursive: true, mode: 0o755 });
    return {
      diffDir: join(tmp, "diff"),
      commit: (meta) => {
        writeFileSync(join(tmp, "meta.json"), JSON.stringify(meta));
        const final = this.dir(meta.chainId);
        if (this.has(meta.chainId)) {
          rmSync(tmp, { recursive: true, force: true });
          return;
        }
        rmSync(final, { recursive: true, force: true });
        renameSync(tmp, final);
        fsyncDir(this.root);
      },
      abort: () => rmSync(tmp, { recursive: true, force: true }),
    };
  }

  list(): string[] {
    return readdirSync(this.root).filter((n) => /^[0-9a-f]{64}$/.test(n)).map((n) => `sha256:${n}`);
  }

  remove(chainId: string): number {
    if (!existsSync(this.dir(chainId))) return 0;
    const size = this.has(chainId) ? this.meta(chainId).size : 0;
    rmSync(this.dir(chainId), { recursive: true, force: true });
    return size;
  }
}
