// Network records on disk, one JSON file each under <data-root>/network/ (atomic writes), and dockerd's lookup
// order (FindNetwork): full ID, exact name, then a unique ID prefix; 404 `network x not found`.
import { mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { writeFileAtomic } from "../content/write-atomic.js";
import { EngineError, notFound } from "../errors.js";
import type { NetworkRecord } from "./network-record.js";

export class NetworkStore {
  private readonly records = new Map<string, NetworkRecord>();

  constructor(readonly root: string) {
    mkdirSync(root, { recursive: true, mode: 0o700 });
    for (const f of readdirSync(root)) {
      if (!/^[0-9a-f]{64}\.json$/.test(f)) continue;
      const rec = JSON.parse(readFileSync(join(root, f), "utf8")) as NetworkRecord;
      this.records.set(rec.id, rec);
    }
  }

  all(): NetworkRecord[] {
    return [...this.records.values()];
  }

  byName(name: string): NetworkRecord | undefined {
    for (const r of this.records.values()) if (r.name === name) return r;
    return undefined;
  }

  find(ref: string): NetworkRecord | undefined {
    if (!ref) return undefined;
    const exact = this.records.get(ref) ?? this.byName(ref);
    if (exact) return exact;
    if (!/^[0-9a-f]+$/.test(ref)) return undefined;
    const hits = this.all().filter((r) => r.id.startsWith(ref));
    if (hits.length > 1) throw new EngineError("InvalidArgument", `network ${ref} is ambiguous (${hits.length} matches found based on ID prefix)`, { object: ref });
    return hits[0];
  }

  get(ref: string): NetworkRecord {
    const r = this.find(ref);
    if (!r) throw notFound(`network ${ref} not found`, ref);
    return r;
  }

  save(rec: NetworkRecord): void {
    writeFileAtomic(join(this.root, `${rec.id}.json`), JSON.stringify(rec));
    this.records.set(rec.id, rec);
  }

  delete(id: string): void {
    this.records.delete(id);
    rmSync(join(this.root, `${id}.json`), { force: true });
  }
}
