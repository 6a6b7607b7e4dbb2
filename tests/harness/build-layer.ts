// Deterministic image layers: a tar of the given entries (sorted by path, fixed mtime, uid/gid 0 unless set,
// no user/group names) gzipped with Node's zlib (whose gzip header has mtime 0), so the same entries give the
// same diff_id and blob digest on every run. Layer format: OCI image-spec layer.md (changesets; whiteouts are
// ordinary entries named ".wh.<name>", so callers can express deletions too).
import { createHash } from "node:crypto";
import { lstatSync, readFileSync, readdirSync, readlinkSync } from "node:fs";
import { join, relative } from "node:path";
import { gzipSync } from "node:zlib";
import { pack } from "tar-stream";
import { HarnessError } from "./harness-error.js";

/** 2026-01-01T00:00:00Z: the mtime of every fixture entry and the `created` time of fixture configs. */
export const FIXTURE_TIME = new Date("2026-01-01T00:00:00Z");

export const LAYER_ENTRY_TYPES = ["file", "directory", "symlink"] as const;
export type LayerEntryType = (typeof LAYER_ENTRY_TYPES)[number];

export interface LayerEntry {
  /** Path inside the image, relative, no leading "/" (e.g. "bin/busybox"). Parents are added as 0755 dirs. */
  path: string;
  type: LayerEntryType;
  /** For files: the content. */
  content?: Buffer | string;
  /** For symlinks: the target. */
  linkname?: string;
  /** Permission bits; default 0644 files, 0755 directories, 0777 symlinks. */
  mode?: number;
  uid?: number;
  gid?: number;
}

export interface BuiltLayer {
  /** The uncompressed tar. */
  tar: Buffer;
  /** The gzip blob pushed to registries. */
  blob: Buffer;
  /** sha256 of the uncompressed tar: rootfs.diff_ids[i] in the image config. */
  diffId: string;
  /** sha256 of the gzip blob: the layer descriptor's digest. */
  digest: string;
}

export const sha256 = (b: Buffer | string) => `sha256:${createHash("sha256").update(b).digest("hex")}`;

/** Builds one layer from `entries`. Duplicate paths are an error. */
export async function buildLayer(entries: readonly LayerEntry[]): Promise<BuiltLayer> {
  const byPath = new Map<string, LayerEntry>();
  for (const e of entries) {
    const path = e.path.replace(/^\/+/, "").replace(/\/+$/, "");
    if (!path || path.split("/").includes("..")) {
      throw new HarnessError("InvalidArgument", "layer entry path must be relative, without ..", { object: e.path });
    }
    if (byPath.has(path)) throw new HarnessError("InvalidArgument", "duplicate layer entry", { object: path });
    byPath.set(path, { ...e, path });
  }
  for (const path of [...byPath.keys()]) {
    const parts = path.split("/");
    for (let i = 1; i < parts.length; i++) {
      const parent = parts.slice(0, i).join("/");
      if (!byPath.has(parent)) byPath.set(parent, { path: parent, type: "directory" });
    }
  }
  const sorted = [...byPath.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));

  const tarStream = pack();
  const chunks: Buffer[] = [];
  tarStream.on("data", (c: unknown) => chunks.push(c as Buffer));
  const done = new Promise<void>((resolve, reject) => {
    tarStream.on("end", resolve);
    tarStream.on("error", reject);
  });
  for (const e of sorted) {
    const common = { mtime: FIXTURE_TIME, uid: e.uid ?? 0, gid: e.gid ?? 0, uname: "", gname: "" };
    if (e.type === "directory") {
      tarStream.entry({ ...common, name: `${e.path}/`, type: "directory", mode: e.mode ?? 0o755 });
    } else if (e.type === "symlink") {
      tarStream.entry({ ...common, name: e.path, type: "symlink", linkname: e.linkname ?? "", mode: e.mode ?? 0o777 });
    } else {
      const content = typeof e.content === "string" ? Buffer.from(e.content) : (e.content ?? Buffer.alloc(0));
      tarStream.entry({ ...common, name: e.path, type: "file", mode: e.mode ?? 0o644, size: content.length }, content);
    }
  }
  tarStream.finalize();
  await done;
  const tar = Buffer.concat(chunks);
  const blob = gzipSync(tar, { level: 6 });
  return { tar, blob, diffId: sha256(tar), digest: sha256(blob) };
}

/**
 * Reads a directory tree into layer entries (regular files, directories, symlinks; permission bits kept,
 * owner forced to 0:0). `filter` receives the relative path and decides what is included.
 */
export function readDirEntries(dir: string, filter: (relPath: string) => boolean = () => true): LayerEntry[] {
  const out: LayerEntry[] = [];
  const walk = (abs: string) => {
    for (const name of readdirSync(abs).sort()) {
      const p = join(abs, name);
      const rel = relative(dir, p);
      const st = lstatSync(p);
      const mode = st.mode & 0o7777;
      if (st.isDirectory()) {
        if (filter(rel)) out.push({ path: rel, type: "directory", mode });
        walk(p);
      } else if (!filter(rel)) {
        continue;
      } else if (st.isSymbolicLink()) {
        out.push({ path: rel, type: "symlink", linkname: readlinkSync(p) });
      } else if (st.isFile()) {
        out.push({ path: rel, type: "file", content: readFileSync(p), mode });
      }
    }
  };
  walk(dir);
  return out;
}
