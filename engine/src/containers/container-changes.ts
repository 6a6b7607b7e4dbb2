// `docker diff` (GET /containers/{id}/changes) from the overlay upper dir compared with the image's layers, with
// the semantics dockerd's overlay2 driver gives on this kind of kernel (its "naive diff", moby
// pkg/archive/changes.go ChangesDirs/addChanges, used whenever overlay redirect_dir is on): a tree comparison of
// the image and the container where
//   - a path only the container has is Added (every path under an added directory too);
//   - a path both have is Modified when mode, uid, gid or rdev differ, or for non-directories size or mtime;
//   - a path only the image has is Deleted (a whiteout; the old entries of a directory made opaque by rm -rf +
//     mkdir; nothing below a directory replaced by a file);
//   - a directory with any change below it is Modified, listed before its entries.
// Only the upper dir is walked: a path the container never touched is identical by construction. Order: lexical
// (dockerd's follows Go map order, i.e. none).
//
// The runtime creates mount points (/proc, /dev, /etc/hosts, ...) in the upper dir when the image lacks them;
// dockerd has those in its init layer, below the container's layer, so they are not changes: empty stubs at those
// destinations are skipped.
import { execFileSync } from "node:child_process";
import { lstatSync, readdirSync, type BigIntStats } from "node:fs";
import { join, posix } from "node:path";

/** API ContainerChangeResponseItem kinds. */
export const CHANGE_KIND = { modify: 0, add: 1, delete: 2 } as const;

export interface Change {
  Path: string;
  Kind: (typeof CHANGE_KIND)[keyof typeof CHANGE_KIND];
}

/** Mount destinations the engine or runtime creates (moby's init layer holds the same). */
export const RUNTIME_STUBS = ["/proc", "/sys", "/dev", "/dev/pts", "/dev/shm", "/dev/mqueue", "/dev/console", "/sys/fs/cgroup", "/etc/hosts", "/etc/hostname", "/etc/resolv.conf", "/.dockerenv"];

function lstatOrUndefined(p: string): BigIntStats | undefined {
  try {
    return lstatSync(p, { bigint: true });
  } catch {
    return undefined;
  }
}

const isWhiteout = (st: BigIntStats) => st.isCharacterDevice() && st.rdev === 0n;

/** trusted.overlay.opaque=y; Node has no getxattr, so getfattr(1) (Debian attr), asked only for directories. */
function isOpaque(hostDir: string): boolean {
  try {
    return execFileSync("getfattr", ["--only-values", "-n", "trusted.overlay.opaque", hostDir], { stdio: ["ignore", "pipe", "ignore"] }).toString() === "y";
  } catch {
    return false;
  }
}

/** The image's merged view of the layers (top first): whiteouts hide, an opaque directory hides the layers below. */
class LowerView {
  /** getfattr is a process per call: each layer directory is asked once per diff. */
  private readonly opaque = new Map<string, boolean>();

  constructor(private readonly layers: string[]) {}

  private isOpaque(hostDir: string): boolean {
    let v = this.opaque.get(hostDir);
    if (v === undefined) this.opaque.set(hostDir, (v = isOpaque(hostDir)));
    return v;
  }

  stat(p: string): BigIntStats | undefined {
    for (const l of this.layers) {
      const st = lstatOrUndefined(join(l, p));
      if (st) return isWhiteout(st) ? undefined : st;
      const parent = posix.dirname(p);
      if (parent !== "/" && lstatOrUndefined(join(l, parent))?.isDirectory() && this.isOpaque(join(l, parent))) return undefined;
    }
    return undefined;
  }

  children(p: string): string[] {
    const seen = new Map<string, boolean>();
    for (const l of this.layers) {
      let names: string[];
      try {
        names = readdirSync(join(l, p));
      } catch {
        continue;
      }
      for (const n of names) if (!seen.has(n)) seen.set(n, !isWhiteout(lstatSync(join(l, p, n), { bigint: true })));
      if (this.isOpaque(join(l, p))) break;
    }
    return [...seen].filter(([, live]) => live).map(([n]) => n);
  }
}

function statDifferent(a: BigIntStats, b: BigIntStats): boolean {
  if (a.mode !== b.mode || a.uid !== b.uid || a.gid !== b.gid || a.rdev !== b.rdev) return true;
  return !a.isDirectory() && (a.mtimeNs !== b.mtimeNs || a.size !== b.size);
}

export function containerChanges(upper: string, lowerDirs: string[], stubs: Set<string> = new Set(RUNTIME_STUBS)): Change[] {
  const lower = new LowerView(lowerDirs);
  const changes: Change[] = [];
  const push = (Path: string, Kind: Change["Kind"]) => changes.push({ Path, Kind });
  const isStub = (p: string, st: BigIntStats): boolean => stubs.has(p) && !lower.stat(p) && (st.isDirectory() ? readdirSync(join(upper, p)).every((n) => { const c = posix.join(p, n); return isStub(c, lstatSync(join(upper, c), { bigint: true })); }) : st.isFile() && st.size === 0n);
  const upperNames = (p: string) => {
    try {
      return readdirSync(join(upper, p)).sort();
    } catch {
      return [];
    }
  };
  const addAll = (p: string): void => {
    for (const n of upperNames(p)) {
      const c = posix.join(p, n);
      const st = lstatSync(join(upper, c), { bigint: true });
      if (isWhiteout(st) || isStub(c, st)) continue;
      push(c, CHANGE_KIND.add);
      if (st.isDirectory()) addAll(c);
    }
  };
  /** A directory both sides have; `self` true when it was already reported itself (no extra Modify for it). */
  const compareDir = (p: string, self: boolean): void => {
    const at = changes.length;
    const names = upperNames(p);
    const entries: Array<[string, "upper" | "deleted"]> = names.map((n) => [n, "upper"]);
    if (p !== "/" && isOpaque(join(upper, p))) {
      const present = new Set(names);
      for (const n of lower.children(p)) if (!present.has(n)) entries.push([n, "deleted"]);
      entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    }
    for (const [n, where] of entries) {
      const c = posix.join(p, n);
      if (where === "deleted") {
        push(c, CHANGE_KIND.delete);
        continue;
      }
      const st = lstatSync(join(upper, c), { bigint: true });
      const old = lower.stat(c);
      if (isWhiteout(st)) {
        if (old) push(c, CHANGE_KIND.delete);
        continue;
      }
      if (!old) {
        if (isStub(c, st)) continue;
        push(c, CHANGE_KIND.add);
        if (st.isDirectory()) addAll(c);
        continue;
      }
      const changed = statDifferent(old, st);
      if (changed) push(c, CHANGE_KIND.modify);
      if (st.isDirectory()) {
        if (old.isDirectory()) compareDir(c, changed);
        else addAll(c);
      }
    }
    if (changes.length > at && !self && p !== "/") changes.splice(at, 0, { Path: p, Kind: CHANGE_KIND.modify });
  };
  compareDir("/", false);
  return changes;
}

export function changeLetter(kind: Change["Kind"]): string {
  return kind === CHANGE_KIND.modify ? "C" : kind === CHANGE_KIND.add ? "A" : "D";
}
