// Docker wire types for volumes (moby api/swagger.yaml: Volume, VolumeListResponse, VolumePruneResponse,
// MountPoint) and one translation function per type from the engine's records.
import type { ContainerMount } from "../../containers/container-record.js";
import type { VolumeRecord } from "../../volumes/volume-store.js";

export interface VolumeWire {
  Name: string;
  Driver: string;
  Mountpoint: string;
  CreatedAt: string;
  /** null when the volume has none (dockerd's JSON for an empty map). */
  Labels: Record<string, string> | null;
  Scope: "local";
  Options: Record<string, string> | null;
  UsageData?: { Size: number; RefCount: number };
}

export interface MountPointWire {
  Type: string;
  Name?: string;
  Source: string;
  Destination: string;
  Driver?: string;
  Mode: string;
  RW: boolean;
  Propagation: string;
}

export function toVolumeWire(v: VolumeRecord, mountpoint: string, usage?: { size: number; refCount: number }): VolumeWire {
  return {
    CreatedAt: v.createdAt,
    Driver: v.driver,
    Labels: Object.keys(v.labels).length ? v.labels : null,
    Mountpoint: mountpoint,
    Name: v.name,
    Options: Object.keys(v.options).length ? v.options : null,
    Scope: "local",
    ...(usage ? { UsageData: { Size: usage.size, RefCount: usage.refCount } } : {}),
  };
}

/** A container's mount point as inspect `Mounts` and `docker ps` show it (Name/Driver only for volumes). */
export function toMountPointWire(m: ContainerMount): MountPointWire {
  return {
    Type: m.type,
    ...(m.type === "volume" ? { Name: m.name ?? "" } : {}),
    Source: m.source,
    Destination: m.destination,
    ...(m.type === "volume" ? { Driver: m.driver ?? "local" } : {}),
    Mode: m.mode,
    RW: m.rw,
    Propagation: m.propagation,
  };
}
