// Named and anonymous volumes of the local driver on disk: <data-root>/volumes/<name>/_data holds the data (what
// containers mount), <data-root>/volumes/<name>/volume.json the durable metadata (driver, labels, driver options,
// creation time). A volume exists when its volume.json does; a half-created dir without it is ignored and removed.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { writeFileAtomic } from "../content/write-atomic.js";
import { notFound } from "../errors.js";
import { isValidVolumeName } from "./volume-names.js";

export const LOCAL_DRIVER = "local";
/** moby volume/service AnonymousLabel: set on volumes created without a name; `volume prune` without --all takes only these. */
export const ANONYMOUS_LABEL = "com.docker.volume.anonymous";

export interface VolumeRecord {
  name: string;
  driver: typeof LOCAL_DRIVER;
  /** RFC 3339, seconds, UTC ("2026-11-23T15:11:10Z"), as dockerd prints it. */
  createdAt: string;
  labels: Record<string, string>;
  /** Driver options as given (type, device, o); empty for a plain directory volume. */
  options: Record<string, string>;
}

export class VolumeStore {
  constructor(readonly root: string) {
    mkdirSync(root, { recursive: true, mode: 0o701 });
  }

  /**
   * Directories left by a create that crashed before volume.json was written (save() makes _data first): not
   * volumes, so removed — unless something is mounted under them, which is never deleted through.
   */
  removeIncomplete(isMounted: (path: string) => boolean): string[] {
    const removed: string[] = [];
    for (const name of readdirSync(this.root)) {
      if (!isValidVolumeName(name) || existsSync(join(this.dir(name), "volume.json")) || isMounted(this.dataDir(name))) continue;
      rmSync(this.dir(name), { recursive: true, force: true });
      removed.push(name);
    }
    return removed;
  }

  /** The volume's directory; callers pass validated names only (isValidVolumeName), so it stays under root. */
  dir(name: string): string {
    return join(this.root, name);
  }

  dataDir(name: string): string {
    return join(this.root, name, "_data");
  }

  find(name: string): VolumeRecord | undefined {
    if (!isValidVolumeName(name)) return undefined;
    try {
      return JSON.parse(readFileSync(join(this.dir(name), "volume.json"), "utf8")) as VolumeRecord;
    } catch {
      return undefined;
    }
  }

  /** dockerd's wording for a volume lookup: `get <name>: no such volume` (404). */
  get(name: string): VolumeRecord {
    const v = this.find(name);
    if (!v) throw notFound(`get ${name}: no such volume`, name);
    return v;
  }

  all(): VolumeRecord[] {
    const out: VolumeRecord[] = [];
    for (const name of readdirSync(this.root)) {
      const v = this.find(name);
      if (v) out.push(v);
    }
    return out;
  }

  /** Creates the data dir (0755 like dockerd) and then the metadata, so a crash never leaves a record without data. */
  save(v: VolumeRecord): void {
    mkdirSync(this.dataDir(v.name), { recursive: true, mode: 0o755 });
    writeFileAtomic(join(this.dir(v.name), "volume.json"), JSON.stringify(v));
  }

  delete(name: string): void {
    if (!isValidVolumeName(name)) return;
    rmSync(join(this.dir(name), "volume.json"), { force: true });
    rmSync(this.dir(name), { recursive: true, force: true });
  }

  exists(name: string): boolean {
    return isValidVolumeName(name) && existsSync(join(this.dir(name), "volume.json"));
  }
}
