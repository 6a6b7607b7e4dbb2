// Container records on disk, one dir per container: <root>/<id>/record.json written atomically (temp + fsync +
// rename), plus the container's upper/work dirs, bundle and log. Lookup as dockerd's GetContainer: full ID,
// exact name ("/x" or "x"), then a unique ID prefix.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { writeFileAtomic } from "../content/write-atomic.js";
import { EngineError, notFound } from "../errors.js";
import type { ContainerRecord } from "./container-record.js";

export class ContainerStore {
  private readonly records = new Map<string, ContainerRecord>();

  constructor(readonly root: string) {
    mkdirSync(root, { recursive: true, mode: 0o710 });
    for (const id of readdirSync(root)) {
      const file = join(root, id, "record.json");
      if (existsSync(file)) this.records.set(id, JSON.parse(readFileSync(file, "utf8")) as ContainerRecord);
    }
  }

  dir(id: string): string {
    return join(this.root, id);
  }

  all(): ContainerRecord[] {
    return [...this.records.values()];
  }

  byName(name: string): ContainerRecord | undefined {
    const n = name.startsWith("/") ? name : `/${name}`;
    for (const r of this.records.values()) if (r.name === n) return r;
    return undefined;
  }

  find(ref: string): ContainerRecord | undefined {
    if (!ref) return undefined;
    const exact = this.records.get(ref);
    if (exact) return exact;
    const named = this.byName(ref);
    if (named) return named;
    if (!/^[0-9a-f]+$/.test(ref)) return undefined;
    const hits = this.all().filter((r) => r.id.startsWith(ref));
    if (hits.length > 1) throw new EngineError("InvalidArgument", `Multiple IDs found with provided prefix: ${ref}`, { object: ref });
    return hits[0];
  }

  get(ref: string): ContainerRecord {
    const r = this.find(ref);
    if (!r) throw notFound(`No such container: ${ref}`, ref);
    return r;
  }

  save(record: ContainerRecord): void {
    mkdirSync(this.dir(record.id), { recursive: true, mode: 0o710 });
    writeFileAtomic(join(this.dir(record.id), "record.json"), JSON.stringify(record));
    this.records.set(record.id, record);
  }

  delete(id: string): void {
    this.records.delete(id);
    rmSync(this.dir(id), { recursive: true, force: true });
  }
}
