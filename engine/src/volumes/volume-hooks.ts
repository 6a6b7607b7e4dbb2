// Volumes, binds and tmpfs mounts as container lifecycle hooks (containers/container-hooks.ts):
//   create   — parse and check every mount request (nothing is created when one is wrong), create the named and
//              anonymous volumes, record the mount points on the container and Config.Volumes;
//   prepare  — mount option volumes, copy image content into empty new volumes, create missing `-v` host dirs,
//              hand the OCI mounts to the start;
//   stopped  — release option volumes (the last user unmounts a tmpfs/bind-device volume);
//   removed  — `docker rm -v` and AutoRemove remove the container's anonymous volumes no one else uses;
//   restored — live restore re-counts the option volumes running containers hold.
import { existsSync, mkdirSync, statSync } from "node:fs";
import { join } from "node:path";
import type { ContainerHooks, OciMount, StartContext } from "../containers/container-hooks.js";
import type { ContainerMount, ContainerRecord } from "../containers/container-record.js";
import { invalidArgument } from "../errors.js";
import type { EventBus } from "../events/event-bus.js";
import type { ImageStore } from "../images/image-store.js";
import type { Logger } from "../log.js";
import { containerMounts } from "./container-mounts.js";
import { copyUp, imagePathKind, resolveInRoot } from "./copy-up.js";
import { checkBindOverDataRoot, checkTmpfsDestinations, cleanPath, type MountRequest, parseBind, parseMountSpec, parseVolumesFrom, tmpfsMountOptions } from "./parse-mounts.js";
import { anonymousVolumeName } from "./volume-names.js";
import type { VolumeService } from "./volume-service.js";

/* eslint-disable @typescript-eslint/no-explicit-any */
export interface VolumeHookDeps {
  volumes: VolumeService;
  images: ImageStore;
  bus: EventBus;
  log: Logger;
  /** The engine's data root: binds over it get rslave propagation (checkBindOverDataRoot). */
  dataRoot: string;
  /** Container lookup by ID, name or prefix (for --volumes-from). */
  findContainer: (ref: string) => ContainerRecord | undefined;
}

export function volumeHooks(d: VolumeHookDeps): ContainerHooks {
  return {
    name: "volumes",

    async create(rec, body) {
      const h = (body.HostConfig ?? {}) as Record<string, any>;
      const tmpfs = new Set(Object.keys((h.Tmpfs ?? {}) as Record<string, string>).map(cleanPath));
      checkTmpfsDestinations(h.Tmpfs);
      const byDest = new Map<string, MountRequest>();
      const explicit = new Set<string>();
      const duplicate = (dest: string) => invalidArgument(`Duplicate mount point: ${dest}`);

      // dockerd's order (daemon/volumes.go registerMountPoints): volumes-from, then binds and mounts override them.
      for (const spec of arrayOf(h.VolumesFrom)) {
        const { container, rw } = parseVolumesFrom(String(spec));
        const src = d.findContainer(container);
        if (!src) throw invalidArgument(`No such container: ${container}`, container);
        // dockerd copies the mount point without its mode string (inspect shows Mode "") and never copies up.
        for (const m of src.mounts ?? []) byDest.set(m.destination, { ...m, mode: "", rw: m.rw && rw, copyData: false });
      }
      for (const raw of arrayOf(h.Binds)) {
        const m = parseBind(String(raw));
        checkBindOverDataRoot(m, d.dataRoot);
        if (explicit.has(m.destination) || tmpfs.has(m.destination)) throw duplicate(m.destination);
        explicit.add(m.destination);
        byDest.set(m.destination, m);
      }
      for (const spec of arrayOf(h.Mounts)) {
        const m = parseMountSpec((spec ?? {}) as Record<string, any>);
        checkBindOverDataRoot(m, d.dataRoot);
        if (explicit.has(m.destination)) throw duplicate(m.destination);
        explicit.add(m.destination);
        byDest.set(m.destination, m);
      }
      // Image VOLUMEs and `-v /path` (Config.Volumes): an anonymous volume where nothing else is mounted.
      const img = d.images.find(rec.imageId);
      const imageVolumes = ((img ? d.images.config(img).config?.Volumes : undefined) ?? {}) as Record<string, object>;
      const volumes: Record<string, object> = { ...imageVolumes, ...((body.Volumes ?? {}) as Record<string, object>) };
      for (const dest of Object.keys(volumes).map(cleanPath)) {
        if (byDest.has(dest) || tmpfs.has(dest)) continue;
        // dockerd refuses at create what could only fail at start (createContainerVolumesOS).
        if (imagePathKind(rec.lowerDirs, dest) === "file") throw invalidArgument(`cannot mount volume over existing file, file exists ${join(d.dataRoot, "containers", rec.id, "rootfs")}${dest}`);
        byDest.set(dest, { type: "volume", anonymous: true, source: "", destination: dest, driver: "local", mode: "", rw: true, propagation: "", copyData: true });
      }

      // `--volume-driver`: the driver for volumes `-v` and Config.Volumes create (only "local" exists here).
      const volumeDriver = typeof h.VolumeDriver === "string" && h.VolumeDriver !== "" ? h.VolumeDriver : undefined;
      // Check every volume request before creating any, so a bad one leaves nothing behind.
      for (const m of byDest.values()) {
        if (m.type !== "volume") continue;
        m.name ??= anonymousVolumeName();
        d.volumes.checkCreate(m.name, { driver: m.volumeOptions?.driver ?? volumeDriver, driverOpts: m.volumeOptions?.driverOpts });
      }
      const created: string[] = [];
      try {
        for (const m of byDest.values()) {
          if (m.type !== "volume") continue;
          const opts = m.volumeOptions ? { driver: m.volumeOptions.driver, driverOpts: m.volumeOptions.driverOpts, labels: m.volumeOptions.labels } : { driver: volumeDriver };
          const r = d.volumes.create(m.name, opts, m.anonymous === true);
          if (r.created) created.push(r.volume.name);
          m.name = r.volume.name;
          m.driver = r.volume.driver;
          m.source = d.volumes.store.dataDir(r.volume.name);
        }
      } catch (err) {
        for (const n of created) await d.volumes.remove(n).catch(() => {});
        throw err;
      }
      rec.mounts = [...byDest.values()].map(({ volumeOptions: _opts, explicitPropagation: _prop, ...m }) => m);
      rec.config.Volumes = Object.keys(volumes).length ? volumes : null;
    },

    async prepare(ctx: StartContext) {
      const { rec } = ctx;
      for (const m of containerMounts(rec)) {
        if (m.type === "volume") {
          const target = resolveInRoot(ctx.rootfs, m.destination);
          if (statSync(target, { throwIfNoEntry: false })?.isDirectory() === false) throw invalidArgument(`source ${target} is not directory`);
          const data = await d.volumes.mount(m.name!, rec.id);
          if (m.copyData) {
            await copyUp(ctx.rootfs, m.destination, data);
            // Only a new volume gets the image's content (dockerd copies once, at create).
            const own = rec.mounts!.find((x) => x.destination === m.destination);
            if (own) own.copyData = false;
          }
          d.bus.publish("volume", "mount", m.name!, { driver: m.driver ?? "local", container: rec.id, destination: m.destination, "read/write": String(m.rw), propagation: m.propagation });
          ctx.mounts.push(bindMount(data, m));
        } else if (m.type === "bind") {
          if (!existsSync(m.source)) {
            if (!m.createSource) throw invalidArgument(`invalid mount config for type "bind": bind source path does not exist: ${m.source}`);
            mkdirSync(m.source, { recursive: true, mode: 0o755 });
          }
          ctx.mounts.push(bindMount(m.source, m));
        } else {
          ctx.mounts.push({ destination: m.destination, type: "tmpfs", source: "tmpfs", options: tmpfsMountOptions(m.tmpfsOptions ?? "") });
        }
      }
    },

    async stopped(rec) {
      for (const m of rec.mounts ?? []) {
        if (m.type !== "volume" || !m.name) continue;
        await d.volumes.unmount(m.name, rec.id);
        d.bus.publish("volume", "unmount", m.name, { driver: m.driver ?? "local", container: rec.id });
      }
    },

    async removed(rec, opts) {
      // dockerd removes anonymous volumes on `rm -v` and for AutoRemove; named ones (`-v name:/x`) always stay.
      if (!opts.volumes && rec.hostConfig.AutoRemove !== true) return;
      for (const m of rec.mounts ?? []) {
        if (m.type !== "volume" || !m.anonymous || !m.name) continue;
        await d.volumes.remove(m.name, { except: rec.id }).catch((err) => d.log.info({ volume: m.name, err: String(err) }, "anonymous volume kept"));
      }
    },

    restored(rec) {
      for (const m of rec.mounts ?? []) if (m.type === "volume" && m.name) d.volumes.markActive(m.name, rec.id);
    },
  };
}

function bindMount(source: string, m: ContainerMount): OciMount {
  return { destination: m.destination, type: "bind", source, options: ["rbind", m.propagation || "rprivate", ...(m.rw ? [] : ["ro"])] };
}

function arrayOf(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}
