// What the API layer may read about the running daemon. Subsystems (images, containers, ...) add their stores
// here as they land; routes receive this object and never reach into the daemon's internals.
import type { DaemonConfig } from "../config/daemon-config.js";
import type { CgroupVersion } from "../host/cgroup-version.js";
import type { ImageStore } from "../images/image-store.js";
import type { ContainerService } from "../containers/container-service.js";
import type { EventBus } from "../events/event-bus.js";
import type { VolumeService } from "../volumes/volume-service.js";

export interface ObjectCounts {
  containers: number;
  running: number;
  paused: number;
  images: number;
}

export interface DaemonState {
  config: DaemonConfig;
  /** Stable across restarts: generated once and kept in <data-root>/engine-id. */
  engineId: string;
  cgroupVersion: CgroupVersion;
  operatingSystem: string;
  /** `docker info` Runtimes (containers/runtimes.ts) and the one containers get without --runtime. */
  runtimes: Record<string, { path: string }>;
  defaultRuntime: string;
  counts(): ObjectCounts;
  /** Images: blobs, records, references and layer snapshots (engine/src/images/README.md). */
  images: ImageStore;
  /** Containers: records, lifecycle, shims (engine/src/containers/README.md). */
  containers: ContainerService;
  /** Every subsystem's events (GET /events). */
  bus: EventBus;
  /** Volumes of the local driver (engine/src/volumes/README.md). */
  volumes: VolumeService;
}
