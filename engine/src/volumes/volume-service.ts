// The volume subsystem (local driver only): create/get/list/remove/prune with dockerd's rules and wording, the
// references containers hold (read from their records, so they survive restarts), and the mounts a volume with
// driver options needs (type=tmpfs, type=none,o=bind,device=…): mounted on <volume>/_data when its first user
// starts, unmounted when its last user stops (moby volume/local: Mount/Unmount with an active count).
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { EngineError, invalidArgument, notFound } from "../errors.js";
import type { EventBus } from "../events/event-bus.js";
import type { Logger } from "../log.js";
import type { ContainerRecord } from "../containers/container-record.js";
import { isMounted } from "../containers/rootfs-mount.js";
import { dirSize } from "./dir-size.js";
import { listPredicate, parseVolumeFilters, prunePredicate, LIST_FILTERS, PRUNE_FILTERS } from "./volume-filters.js";
import { anonymousVolumeName, validateVolumeName } from "./volume-names.js";
import { ANONYMOUS_LABEL, LOCAL_DRIVER, type VolumeRecord, VolumeStore } from "./volume-store.js";

const run = promisify(execFile);

/** moby volume/local/local_unix.go validOpts and mandatoryOpts. */
const VALID_OPTS = ["type", "o", "device", "size"];
const MANDATORY_OPTS: Record<string, string[]> = { device: ["type"], type: ["device"], o: ["device", "type"] };

export interface CreateVolumeOptions {
  driver?: string;
  driverOpts?: Record<string, string>;
  labels?: Record<string, string>;
}

export interface VolumeServiceOptions {
  root: string;
  bus: EventBus;
  log: Logger;
  /** Every container record (the references are the volumes their mount points name). */
  containers: () => ContainerRecord[];
}

export class VolumeService {
  readonly store: VolumeStore;
  /** Containers holding a mount of an option volume right now (name → container IDs). */
  private readonly active = new Map<string, Set<string>>();
  private pruning = false;
  /** Per-volume chains of mount/unmount/remove steps (serially). */
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(private readonly o: VolumeServiceOptions) {
    this.store = new VolumeStore(o.root);
  }

  /**
   * Creates a volume, or returns the existing one of that name (dockerd: create is idempotent). No name → a new
   * anonymous one; `anonymous` also marks a pre-generated name as anonymous (label com.docker.volume.anonymous).
   */
  create(name: string | undefined, opts: CreateVolumeOptions = {}, anonymous = !name): { volume: VolumeRecord; created: boolean } {
    const n = name || anonymousVolumeName();
    const existing = this.checkCreate(n, opts);
    if (existing) return { volume: existing, created: false };
    const options = { ...(opts.driverOpts ?? {}) };
    const volume: VolumeRecord = {
      name: n,
      driver: LOCAL_DRIVER,
      createdAt: new Date().toISOString().replace(/\.\d+Z$/, "Z"),
      labels: { ...(opts.labels ?? {}), ...(anonymous ? { [ANONYMOUS_LABEL]: "" } : {}) },
      options,
    };
    this.store.save(volume);
    this.o.log.info({ volume: n, anonymous }, "volume created");
    this.o.bus.publish("volume", "create", n, { driver: LOCAL_DRIVER });
    return { volume, created: true };
  }

  /** Throws what create would refuse (unknown driver, bad name, bad options); returns the volume if it exists. */
  checkCreate(name: string, opts: CreateVolumeOptions = {}): VolumeRecord | undefined {
    const existing = this.store.find(name);
    if (existing) return existing;
    const driver = opts.driver || LOCAL_DRIVER;
    if (driver !== LOCAL_DRIVER) throw notFound(`create ${name}: error looking up volume plugin ${driver}: plugin ${JSON.stringify(driver)} not found`, name);
    validateVolumeName(name);
    validateOptions(name, opts.driverOpts ?? {});
    return undefined;
  }

  get(name: string): VolumeRecord {
    return this.store.get(name);
  }

  /** IDs of the containers whose mount points name this volume (any state: a stopped container still holds it). */
  refs(name: string, except?: string): string[] {
    return this.o.containers().filter((r) => r.id !== except && (r.mounts ?? []).some((m) => m.type === "volume" && m.name === name)).map((r) => r.id);
  }

  list(rawFilters: string | null): VolumeRecord[] {
    const f = parseVolumeFilters(rawFilters, LIST_FILTERS);
    const used = this.usedNames();
    return this.store.all().filter(listPredicate(f, (n) => used.has(n)));
  }

  /** `docker volume rm`: 409 "remove x: volume is in use - [ids]"; with force a missing volume is no error. */
  async remove(name: string, opts: { force?: boolean; except?: string } = {}): Promise<void> {
    return this.serially(name, () => this.removeNow(name, opts));
  }

  private async removeNow(name: string, opts: { force?: boolean; except?: string }): Promise<void> {
    const v = this.store.find(name);
    if (!v) {
      if (opts.force) return;
      throw notFound(`get ${name}: no such volume`, name);
    }
    const refs = this.refs(name, opts.except);
    if (refs.length) throw new EngineError("Conflict", `remove ${name}: volume is in use - [${refs.join(", ")}]`, { object: name });
    await this.unmountData(v);
    this.store.delete(name);
    this.active.delete(name);
    this.o.log.info({ volume: name }, "volume removed");
    this.o.bus.publish("volume", "destroy", name, { driver: v.driver });
  }

  /**
   * `docker volume prune`: unused local volumes without driver options (dockerd skips those: their data is not
   * here), anonymous ones only unless the `all` filter is true — or the client speaks an API older than 1.42, where
   * prune took named volumes too (`allByDefault`). Returns names removed and bytes reclaimed.
   */
  async prune(rawFilters: string | null, opts: { allByDefault?: boolean } = {}): Promise<{ deleted: string[]; reclaimed: number }> {
    const f = parseVolumeFilters(rawFilters, PRUNE_FILTERS);
    if (opts.allByDefault && !f.has("all")) f.set("all", ["true"]);
    const match = prunePredicate(f, ANONYMOUS_LABEL);
    if (this.pruning) throw new EngineError("Conflict", "a prune operation is already running");
    this.pruning = true;
    try {
      const used = this.usedNames();
      const deleted: string[] = [];
      let reclaimed = 0;
      for (const v of this.store.all()) {
        if (used.has(v.name) || Object.keys(v.options).length || !match(v)) continue;
        const size = await dirSize(this.store.dataDir(v.name));
        try {
          await this.remove(v.name);
        } catch (err) {
          this.o.log.warn({ volume: v.name, err: String(err) }, "could not prune volume");
          continue;
        }
        deleted.push(v.name);
        reclaimed += size;
      }
      this.o.bus.publish("volume", "prune", "", { reclaimed: String(reclaimed) });
      return { deleted, reclaimed };
    } finally {
      this.pruning = false;
    }
  }

  /** Size and reference count of each local volume without options (what `docker system df` lists). */
  async usage(): Promise<{ volume: VolumeRecord; size: number; refCount: number }[]> {
    const counts = new Map<string, number>();
    for (const r of this.o.containers()) for (const m of r.mounts ?? []) if (m.type === "volume" && m.name) counts.set(m.name, (counts.get(m.name) ?? 0) + 1);
    const local = this.store.all().filter((v) => Object.keys(v.options).length === 0);
    return Promise.all(local.map(async (volume) => ({ volume, size: await dirSize(this.store.dataDir(volume.name)), refCount: counts.get(volume.name) ?? 0 })));
  }

  /** A container starts using the volume: mount its driver options on _data first if it has any. Returns _data. */
  async mount(name: string, containerId: string): Promise<string> {
    return this.serially(name, () => this.mountNow(name, containerId));
  }

  private async mountNow(name: string, containerId: string): Promise<string> {
    const v = this.store.get(name);
    const data = this.store.dataDir(name);
    if (!needsMount(v)) return data;
    const users = this.active.get(name) ?? new Set<string>();
    if (!isMounted(data)) {
      const { type, device, o } = v.options;
      try {
        await run("mount", ["-t", type!, ...(o ? ["-o", o] : []), device!, data]);
      } catch (err) {
        const why = (err as { stderr?: string }).stderr?.trim() || String(err);
        throw new EngineError("Internal", `error while mounting volume '${data}': failed to mount local volume: ${why}`, { object: name });
      }
      this.o.log.info({ volume: name, type }, "volume mounted");
    }
    users.add(containerId);
    this.active.set(name, users);
    return data;
  }

  /** The container stopped using the volume: the last user unmounts an option volume. */
  async unmount(name: string, containerId: string): Promise<void> {
    return this.serially(name, () => this.unmountNow(name, containerId));
  }

  private async unmountNow(name: string, containerId: string): Promise<void> {
    const users = this.active.get(name);
    if (!users) return;
    users.delete(containerId);
    if (users.size > 0) return;
    this.active.delete(name);
    const v = this.store.find(name);
    if (v) await this.unmountData(v);
  }

  /** Live restore: a running container still holds its option volumes' mounts. */
  markActive(name: string, containerId: string): void {
    const v = this.store.find(name);
    if (!v || !needsMount(v)) return;
    const users = this.active.get(name) ?? new Set<string>();
    users.add(containerId);
    this.active.set(name, users);
  }

  /**
   * After live restore: option volumes left mounted with no running user (engine crashed mid-run) are unmounted,
   * and half-created volume dirs (a crash inside create) are removed.
   */
  async releaseIdle(): Promise<void> {
    for (const name of this.store.removeIncomplete(isMounted)) this.o.log.warn({ volume: name }, "removed an incomplete volume directory");
    for (const v of this.store.all()) if (needsMount(v) && !this.active.has(v.name)) await this.unmountData(v).catch((err) => this.o.log.warn({ volume: v.name, err: String(err) }, "unmount idle volume"));
  }

  private async unmountData(v: VolumeRecord): Promise<void> {
    const data = this.store.dataDir(v.name);
    if (!isMounted(data)) return;
    await run("umount", [data]).catch(() => run("umount", ["-l", data]));
    // Never delete through a mount: removing the volume dir would remove the bound device's files.
    if (isMounted(data)) throw new EngineError("Internal", `remove ${v.name}: volume data ${data} is still mounted`, { object: v.name });
    this.o.log.info({ volume: v.name }, "volume unmounted");
  }

  /**
   * Runs mount/unmount/remove steps of one volume one at a time: two containers starting together must not both
   * see "not mounted" and stack two tmpfs mounts, and a removal must not delete under a mount being made.
   */
  private serially<T>(name: string, step: () => Promise<T>): Promise<T> {
    const next = (this.queues.get(name) ?? Promise.resolve()).then(step, step);
    const tail = next.then(() => undefined, () => undefined);
    this.queues.set(name, tail);
    void tail.then(() => {
      if (this.queues.get(name) === tail) this.queues.delete(name);
    });
    return next;
  }

  private usedNames(): Set<string> {
    const used = new Set<string>();
    for (const r of this.o.containers()) for (const m of r.mounts ?? []) if (m.type === "volume" && m.name) used.add(m.name);
    return used;
  }
}

export function needsMount(v: VolumeRecord): boolean {
  return Boolean(v.options.type || v.options.device);
}

function validateOptions(name: string, opts: Record<string, string>): void {
  for (const k of Object.keys(opts)) if (!VALID_OPTS.includes(k)) throw invalidArgument(`create ${name}: invalid option: ${JSON.stringify(k)}`, name);
  // Without project quotas on the data root there is no size limit to set (dockerd says the same).
  if (opts.size !== undefined) throw invalidArgument(`create ${name}: quota size requested but no quota support`, name);
  for (const [k, required] of Object.entries(MANDATORY_OPTS)) {
    if (!(k in opts)) continue;
    for (const r of required) if (!(r in opts)) throw invalidArgument(`create ${name}: missing required option: ${JSON.stringify(r)}`, name);
  }
}
