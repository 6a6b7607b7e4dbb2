// Docker's container JSON shapes (API ContainerInspectResponse, ContainerSummary) from our records.
import type { ContainerRecord } from "../../containers/container-record.js";
import { describeStatus } from "../../containers/container-record.js";
import { toMountPointWire } from "./volumes.js";

/* eslint-disable @typescript-eslint/no-explicit-any */
export function inspectContainer(rec: ContainerRecord, paths: { logPath: string; rootfs: string; upper: string; work: string }): Record<string, any> {
  const s = rec.state;
  const hostNet = rec.hostConfig.NetworkMode === "host";
  return {
    Id: rec.id,
    Created: rec.created,
    Path: rec.path,
    Args: rec.args,
    State: {
      Status: s.status,
      Running: s.status === "running" || s.status === "paused",
      Paused: s.status === "paused",
      Restarting: s.status === "restarting",
      OOMKilled: s.oomKilled,
      Dead: s.status === "dead",
      Pid: s.pid,
      ExitCode: s.exitCode,
      Error: s.error,
      StartedAt: s.startedAt,
      FinishedAt: s.finishedAt,
    },
    Image: rec.imageId,
    ResolvConfPath: `${paths.logPath.replace(/[^/]+$/, "")}resolv.conf`,
    HostnamePath: `${paths.logPath.replace(/[^/]+$/, "")}hostname`,
    HostsPath: `${paths.logPath.replace(/[^/]+$/, "")}hosts`,
    LogPath: paths.logPath,
    Name: rec.name,
    RestartCount: rec.restartCount,
    Driver: "overlay2",
    Platform: "linux",
    MountLabel: "",
    ProcessLabel: "",
    AppArmorProfile: "",
    ExecIDs: null,
    HostConfig: rec.hostConfig,
    GraphDriver: { Name: "overlay2", Data: { LowerDir: rec.lowerDirs.join(":"), MergedDir: paths.rootfs, UpperDir: paths.upper, WorkDir: paths.work } },
    Mounts: (rec.mounts ?? []).map(toMountPointWire),
    Config: rec.config,
    NetworkSettings: {
      Bridge: "",
      SandboxID: "",
      SandboxKey: "",
      Ports: {},
      Networks: hostNet ? { host: emptyEndpoint() } : { none: emptyEndpoint() },
    },
  };
}

function emptyEndpoint() {
  return { IPAMConfig: null, Links: null, Aliases: null, MacAddress: "", NetworkID: "", EndpointID: "", Gateway: "", IPAddress: "", IPPrefixLen: 0, IPv6Gateway: "", GlobalIPv6Address: "", GlobalIPv6PrefixLen: 0, DriverOpts: null, DNSNames: null };
}

export function summarizeContainer(rec: ContainerRecord): Record<string, any> {
  return {
    Id: rec.id,
    Names: [rec.name],
    Image: rec.imageName,
    ImageID: rec.imageId,
    Command: [rec.path, ...rec.args].join(" "),
    Created: Math.floor(Date.parse(rec.created) / 1000),
    Ports: [],
    Labels: rec.config.Labels ?? {},
    State: rec.state.status,
    Status: describeStatus(rec.state),
    HostConfig: { NetworkMode: rec.hostConfig.NetworkMode },
    NetworkSettings: { Networks: {} },
    Mounts: (rec.mounts ?? []).map(toMountPointWire),
  };
}

