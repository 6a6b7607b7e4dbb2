// A container's filesystem as `docker cp`, `docker export` and `docker diff` see it (dockerd's BaseFS): the overlay
// rootfs plus its volumes and binds (rec.mounts), never /proc, /sys, /dev or the engine's /etc/hosts. The
// overlay is mounted already while the container runs; for a stopped one it is mounted for the operation and
// unmounted afterwards, unless a start took it over meanwhile (the prepare hook below).
//
// The engine runs as root, so every container path is resolved here, in user space, component by component, with
// symlinks evaluated inside the container's root (a chroot's semantics: `..` stops at "/", absolute targets restart
// at the container root), and mount destinations mapped to their host sources. The host path that comes out has no
// symlink left on the way except possibly the last component when the caller asked not to follow it.
// A process inside a *running* container could swap a directory for a symlink between resolution and use
// (CVE-2018-15664). Reads are checked after open: the fd's real path (/proc/self/fd) must lie in the container's
// root or a mount source, and the last component is opened O_NOFOLLOW. Writes (cp into the container) run with
// the container frozen (frozen() below), as dockerd 19.03 paused it; metadata (names, sizes) read while walking
// is not guarded.
import { execFile } from "node:child_process";
import { lstatSync, mkdirSync, readlinkSync, realpathSync, type Stats } from "node:fs";
import { posix } from "node:path";
import { promisify } from "node:util";
import { EngineError, notFound } from "../errors.js";
import type { ContainerHooks, StartContext } from "./container-hooks.js";
import type { ContainerRecord } from "./container-record.js";
import type { ContainerService } from "./container-service.js";
import { isMounted, mountRootfs, rootfsPaths, unmountRootfs } from "./rootfs-mount.js";

const run = promisify(execFile);
const MAX_SYMLINK_HOPS = 255;
/** Files the engine bind-mounts itself; dockerd's BaseFS shows the image's (or an empty) file there, so do we. */
const ENGINE_FILES = new Set(["/etc/hosts", "/etc/hostname", "/etc/resolv.conf"]);

export interface FsMount {
  /** Absolute path in the container, cleaned. */
  destination: string;
  /** Host path. */
  source: string;
  readonly: boolean;
}

/** A container's root as a host dir plus the mounts over it; resolves container paths to host paths. */
export class ContainerRoot {
  constructor(
    readonly rootfs: string,
    readonly mounts: FsMount[],
  ) {}

  /** Host path of a resolved (symlink-free) container path: the longest mount destination that contains it wins. */
  hostPath(containerPath: string): string {
    const best = this.mountOf(containerPath);
    if (!best) return posix.join(this.rootfs, containerPath);
    return posix.join(best.source, containerPath.slice(best.destination.length));
  }

  /** The mount a resolved container path lies in, if any (the longest destination). */
  mountOf(containerPath: string): FsMount | undefined {
    let best: FsMount | undefined;
    for (const m of this.mounts) {
      if ((containerPath === m.destination || containerPath.startsWith(`${m.destination}/`)) && (!best || m.destination.length > best.destination.length)) best = m;
    }
    return best;
  }

  /**
   * Resolves `path` (absolute in the container) to its canonical container path, evaluating symlinks in scope.
   * `followLast` false leaves a symlink in the last component as it is (lstat semantics). `create` makes missing
   * directories on the way (mode 0755, as dockerd's untar does for missing parents). Returns undefined when a
   * component is missing (and not created).
   */
  resolve(path: string, opts: { followLast: boolean; create?: boolean; lexicalRest?: boolean }): string | undefined {
    let parts = path.split("/").filter((p) => p && p !== ".");
    const done: string[] = [];
    let hops = 0;
    while (parts.length) {
      const next = parts.shift()!;
      if (next === "..") {
        done.pop();
        continue;
      }
      const cpath = `/${[...done, next].join("/")}`;
      const host = this.hostPath(cpath);
      let st: Stats;
      try {
        st = lstatSync(host);
      } catch {
        if (!opts.create) {
          // A missing last component still has a canonical path (for stat's 404 and for creation); with
          // `lexicalRest` (FollowSymlinkInScope) so does a missing middle one: the rest is joined lexically.
          if (parts.length === 0) return cpath;
          return opts.lexicalRest ? posix.join(cpath, ...parts).replace(/^(\/\.\.)+/, "") || "/" : undefined;
        }
        mkdirSync(host, { mode: 0o755 });
        done.push(next);
        continue;
      }
      if (st.isSymbolicLink() && (parts.length > 0 || opts.followLast)) {
        if (++hops > MAX_SYMLINK_HOPS) throw new EngineError("InvalidArgument", `too many links in ${path}`);
        const target = readlinkSync(host);
        if (target.startsWith("/")) done.length = 0;
        parts = [...target.split("/").filter((p) => p && p !== "."), ...parts];
        continue;
      }
      done.push(next);
    }
    return `/${done.join("/")}`;
  }

  /**
   * True when `realPath` (what an open fd really is, from /proc/self/fd) lies in this container's root or one of
   * its mount sources: the check that catches a path component swapped for a symlink after resolution.
   */
  owns(realPath: string): boolean {
    this.realBases ??= [this.rootfs, ...this.mounts.map((m) => m.source)].map((b) => {
      try {
        return realpathSync(b);
      } catch {
        return b;
      }
    });
    return this.realBases.some((base) => realPath === base || realPath.startsWith(base.endsWith("/") ? base : `${base}/`));
  }

  private realBases: string[] | undefined;

  /** lstat of a resolved container path, undefined when missing. */
  lstat(containerPath: string): Stats | undefined {
    try {
      return lstatSync(this.hostPath(containerPath));
    } catch {
      return undefined;
    }
  }
}

/**
 * Opens containers' filesystems for the archive, export and diff endpoints, and registers the lifecycle hook that
 * keeps a start from losing a rootfs an archive operation mounted.
 */
export class ContainerFs {
  private readonly users = new Map<string, number>();
  private readonly starting = new Set<string>();
  private readonly unmounting = new Map<string, Promise<void>>();
  /** The mount made for the current users of a stopped container: concurrent calls share it (never stacked). */
  private readonly mounting = new Map<string, Promise<unknown>>();
  private readonly freezes = new Map<string, { users: number; paused: Promise<boolean>; thawing?: Promise<void> }>();

  constructor(readonly containers: ContainerService) {}

  /** The hooks: a start waits for an archive's unmount in flight and mounts again, and is never unmounted under. */
  hooks(): ContainerHooks {
    return {
      name: "container-fs",
      prepare: async (ctx: StartContext) => {
        this.starting.add(ctx.rec.id);
        const pending = this.unmounting.get(ctx.rec.id);
        if (pending) await pending;
        if (!isMounted(ctx.rootfs)) await mountRootfs(ctx.dir, ctx.rec.lowerDirs);
      },
      started: (rec) => void this.starting.delete(rec.id),
      stopped: (rec) => void this.starting.delete(rec.id),
    };
  }

  /**
   * Runs `fn` with a running container frozen (the runtime's pause; a container the user paused is left alone), so
   * nothing inside can swap a path component for a symlink while the engine writes into it. Concurrent callers
   * share one freeze; the last one thaws, unless the user paused the container meanwhile.
   */
  async frozen<T>(rec: ContainerRecord, fn: () => Promise<T>): Promise<T> {
    const id = rec.id;
    for (let f = this.freezes.get(id); f?.thawing; f = this.freezes.get(id)) await f.thawing;
    let f = this.freezes.get(id);
    if (!f) {
      const paused = rec.state.status === "running" ? this.runtime(rec, ["pause", id]).then(() => true, () => false) : Promise.resolve(false);
      f = { users: 0, paused };
      this.freezes.set(id, f);
    }
    f.users++;
    const entry = f;
    await entry.paused;
    try {
      return await fn();
    } finally {
      if (--entry.users === 0) {
        entry.thawing = (async () => {
          if ((await entry.paused) && this.containers.store.find(id)?.state.status === "running") await this.runtime(rec, ["resume", id]).catch(() => {});
        })().finally(() => this.freezes.delete(id));
        await entry.thawing;
      }
    }
  }

  private async runtime(rec: ContainerRecord, args: string[]): Promise<void> {
    const rt = this.containers.runtimeFor(rec);
    await run(rt.path, ["--root", rt.root, ...args]);
  }

  /** Runs `fn` with the container's root; a stopped container's overlay is mounted for the call only. */
  async withRoot<T>(rec: ContainerRecord, fn: (root: ContainerRoot) => Promise<T>): Promise<T> {
    const dir = this.containers.store.dir(rec.id);
    const pending = this.unmounting.get(rec.id);
    if (pending) await pending;
    this.users.set(rec.id, (this.users.get(rec.id) ?? 0) + 1);
    try {
      // Mounted by its start while it runs; otherwise (created, exited, between restarts) mounted here.
      let m = this.mounting.get(rec.id);
      if (!m && !isMounted(rootfsPaths(dir).rootfs)) {
        m = mountRootfs(dir, rec.lowerDirs);
        this.mounting.set(rec.id, m);
        m.catch(() => this.mounting.delete(rec.id));
      }
      if (m) await m;
      return await fn(new ContainerRoot(rootfsPaths(dir).rootfs, mountsOf(rec)));
    } finally {
      const left = (this.users.get(rec.id) ?? 1) - 1;
      if (left > 0) this.users.set(rec.id, left);
      else {
        this.users.delete(rec.id);
        const ours = this.mounting.delete(rec.id);
        const cur = this.containers.store.find(rec.id);
        // Only a mount made here is taken off, and not when a start has taken it over meanwhile.
        if (ours && cur && !isLive(cur) && !this.starting.has(rec.id) && cur.state.status !== "removing") {
          const p = unmountRootfs(dir).catch(() => {}).finally(() => this.unmounting.delete(rec.id));
          this.unmounting.set(rec.id, p);
          await p;
        }
      }
    }
  }
}

function isLive(rec: ContainerRecord): boolean {
  return rec.state.status === "running" || rec.state.status === "paused";
}

/**
 * The container's volumes and binds with their host paths (rec.mounts, kept by the volumes subsystem), as dockerd
 * mounts them into BaseFS for cp. tmpfs mounts have no host path and are not seen (their content lives only in the
 * running container), nor are the engine's /etc/hosts, /etc/hostname and /etc/resolv.conf binds.
 */
export function mountsOf(rec: ContainerRecord): FsMount[] {
  const out: FsMount[] = [];
  for (const m of rec.mounts ?? []) {
    if ((m.type !== "volume" && m.type !== "bind") || !m.source) continue;
    const dest = posix.normalize(`/${m.destination}`).replace(/\/+$/, "") || "/";
    if (dest === "/" || ENGINE_FILES.has(dest)) continue;
    out.push({ destination: dest, source: m.source, readonly: !m.rw });
  }
  return out;
}

/** Docker's "Could not find the file" 404 (daemon/archive.go containerFileNotFound). */
export function fileNotFound(path: string, container: string): EngineError {
  return notFound(`Could not find the file ${path} in container ${container}`, container);
}
