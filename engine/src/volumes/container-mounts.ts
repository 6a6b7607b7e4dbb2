// What a container has mounted besides its rootfs, for subsystems that read or write inside a container's
// filesystem (docker cp, export, diff): volumes, binds and tmpfs mounts with their host paths.
import type { ContainerMount, ContainerRecord } from "../containers/container-record.js";
import { cleanPath } from "./parse-mounts.js";

/**
 * The container's mount points, deepest last: `rec.mounts` (volumes with their _data dir as source, binds) plus
 * HostConfig.Tmpfs entries (type "tmpfs", source ""; a tmpfs has no host path, its content lives only while the
 * container runs).
 */
export function containerMounts(rec: ContainerRecord): ContainerMount[] {
  const tmpfs = Object.keys((rec.hostConfig.Tmpfs ?? {}) as Record<string, string>).map(
    (d): ContainerMount => ({ type: "tmpfs", source: "", destination: cleanPath(d), mode: "", rw: true, propagation: "", tmpfsOptions: String(rec.hostConfig.Tmpfs[d] ?? "") }),
  );
  return sortByDepth([...(rec.mounts ?? []), ...tmpfs]);
}

/** Parents before children (/a before /a/b), so no mount hides another (moby daemon/volumes.go sortMounts). */
export function sortByDepth<T extends { destination: string }>(mounts: T[]): T[] {
  const depth = (d: string) => cleanPath(d).split("/").length;
  return [...mounts].sort((a, b) => depth(a.destination) - depth(b.destination));
}
