// A container's durable record (<data-root>/containers/<id>/record.json) and the closed set of states Docker
// reports (API ContainerState.Status). The record holds what the create body asked for (Config, HostConfig, as
// Docker's wire shapes) plus what the engine decided (paths, pids, times).
import type { ContainerNetworking } from "../networks/network-record.js";

export const CONTAINER_STATES = ["created", "running", "paused", "restarting", "removing", "exited", "dead"] as const;
export type ContainerStatus = (typeof CONTAINER_STATES)[number];

export interface ContainerRuntimeState {
  status: ContainerStatus;
  pid: number;
  exitCode: number;
  oomKilled: boolean;
  error: string;
  /** RFC 3339; "0001-01-01T00:00:00Z" when never (Docker's zero time). */
  startedAt: string;
  finishedAt: string;
}

export interface ContainerRecord {
  id: string;
  /** With Docker's leading slash: "/name". */
  name: string;
  created: string;
  /** The image as the user named it (Config.Image). */
  imageName: string;
  /** sha256:… image ID. */
  imageId: string;
  /** Lower dirs for the overlay, top layer first. */
  lowerDirs: string[];
  config: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  hostConfig: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  path: string;
  args: string[];
  state: ContainerRuntimeState;
  restartCount: number;
  /** The generation of the shim/state dir (bumped per start, so a restart never reuses a busy state dir). */
  generation: number;
  /** Endpoints and published ports, kept by the network subsystem (engine/src/networks/README.md). */
  network?: ContainerNetworking;
  /** Volumes, binds and tmpfs mounts resolved at create (engine/src/volumes); absent on records without any. */
  mounts?: ContainerMount[];
  /** Stopped by the user (docker stop): `unless-stopped` does not restart it, not even at daemon start. */
  manuallyStopped?: boolean;
  /** Health check state (health-check.ts) when Config.Healthcheck is set; API ContainerState.Health. */
  health?: HealthState;
}

export const HEALTH_STATUSES = ["starting", "healthy", "unhealthy"] as const;
export type HealthStatus = (typeof HEALTH_STATUSES)[number];

/** API HealthcheckResult: one probe. */
export interface HealthProbeResult {
  Start: string;
  End: string;
  ExitCode: number;
  Output: string;
}

export interface HealthState {
  Status: HealthStatus;
  FailingStreak: number;
  /** The last five probes, oldest first. */
  Log: HealthProbeResult[];
}

/** One mount point of a container (Docker's MountPoint), decided at create and kept with the record. */
export interface ContainerMount {
  type: "volume" | "bind" | "tmpfs";
  /** The volume's name (type volume). */
  name?: string;
  /** Host path: the volume's _data dir or the bind source; "" for tmpfs. */
  source: string;
  destination: string;
  /** "local" for volumes. */
  driver?: string;
  /** The mode string as given ("ro", "z", "rw,nocopy"…), as Docker reports it. */
  mode: string;
  rw: boolean;
  /** "" or a propagation mode (rprivate, rshared, …). */
  propagation: string;
  /** A volume created for this container without a name (image VOLUME, `-v /path`): removed by `rm -v` and `--rm`. */
  anonymous?: boolean;
  /** Copy the image's content at the destination into the volume if it is empty, once (cleared after the first start). */
  copyData?: boolean;
  /** `-v /host:/ctr` creates a missing host directory at start; `--mount type=bind` does not. */
  createSource?: boolean;
  /** tmpfs data (size=…, mode=…, exec), already merged for `--mount type=tmpfs`. */
  tmpfsOptions?: string;
}

export const ZERO_TIME = "0001-01-01T00:00:00Z";

export function initialState(): ContainerRuntimeState {
  return { status: "created", pid: 0, exitCode: 0, oomKilled: false, error: "", startedAt: ZERO_TIME, finishedAt: ZERO_TIME };
}

/** Docker's human status line for `docker ps` (e.g. "Up 3 seconds", "Exited (3) 2 minutes ago"). */
export function describeStatus(s: ContainerRuntimeState, now = Date.now(), health?: HealthStatus): string {
  switch (s.status) {
    case "created":
      return "Created";
    case "running":
      // moby container/state.go: "(health: starting)", "(healthy)", "(unhealthy)" after the uptime.
      if (health) return `Up ${humanDuration(now - Date.parse(s.startedAt))} (${health === "starting" ? "health: starting" : health})`;
      return `Up ${humanDuration(now - Date.parse(s.startedAt))}`;
    case "paused":
      return `Up ${humanDuration(now - Date.parse(s.startedAt))} (Paused)`;
    case "restarting":
      return `Restarting (${s.exitCode}) ${humanDuration(now - Date.parse(s.finishedAt))} ago`;
    case "removing":
      return "Removal In Progress";
    case "exited":
      return `Exited (${s.exitCode}) ${humanDuration(now - Date.parse(s.finishedAt))} ago`;
    case "dead":
      return "Dead";
  }
}

/** go-units HumanDuration, which `docker ps` uses. */
export function humanDuration(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  if (seconds < 1) return "Less than a second";
  if (seconds === 1) return "1 second";
  if (seconds < 60) return `${seconds} seconds`;
  const minutes = Math.floor(seconds / 60);
  if (minutes === 1) return "About a minute";
  if (minutes < 60) return `${minutes} minutes`;
  const hours = Math.round(minutes / 60);
  if (hours === 1) return "About an hour";
  if (hours < 48) return `${hours} hours`;
  if (hours < 24 * 7 * 2) return `${Math.floor(hours / 24)} days`;
  if (hours < 24 * 30 * 2) return `${Math.floor(hours / 24 / 7)} weeks`;
  if (hours < 24 * 365 * 2) return `${Math.floor(hours / 24 / 30)} months`;
  return `${Math.floor(hours / 24 / 365)} years`;
}
