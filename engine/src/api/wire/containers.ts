// Docker's container JSON shapes (API ContainerInspectResponse, ContainerSummary) from our records.
import type { ContainerRecord } from "../../containers/container-record.js";
import { describeStatus } from "../../containers/container-record.js";
import { appArmorProfileOf } from "../../containers/security-opt.js";
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
      Running: s.status === "running" || s.status === "paused" || s.status === "restarting",
      Paused: s.status === "paused",
      Restarting: s.status === "restarting",
      OOMKilled: s.oomKilled,
      Dead: s.status === "dead",
      Pid: s.pid,
      ExitCode: s.exitCode,
      Error: s.error,
      StartedAt: s.startedAt,
      FinishedAt: s.finishedAt,
      ...(rec.health ? { Health: rec.health } : {}),
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
    AppArmorProfile: appArmorProfileOf(rec.hostConfig.SecurityOpt),
    ExecIDs: null,
    HostConfig: rec.hostConfig,
    GraphDriver: { Name: "overlay2", Data: { LowerDir: rec.lowerDirs.join(":"), MergedDir: paths.rootfs, UpperDir: paths.upper, WorkDir: paths.work } },
    Mounts: (rec.mounts ?? []).map(toMountPointWire),
    Config: rec.config,
    NetworkSettings: networkSettings(rec, hostNet),
  };
}

const isLive = (rec: ContainerRecord) => rec.state.status === "running" || rec.state.status === "paused";

/** Per-network EndpointSettings (API) from the record's endpoints; addresses only while the container runs. */
function endpointsWire(rec: ContainerRecord): Record<string, any> {
  const out: Record<string, any> = {};
  for (const [name, ep] of Object.entries(rec.network?.endpoints ?? {})) {
    const live = isLive(rec) && !!ep.ipAddress;
    out[name] = {
      ...emptyEndpoint(),
      IPAMConfig: ep.ipv4Address ? { IPv4Address: ep.ipv4Address } : null,
      Links: ep.links.length && name !== "bridge" ? ep.links : null,
      Aliases: ep.aliases.length ? ep.aliases : null,
      NetworkID: ep.networkId,
      EndpointID: live ? ep.endpointId : "",
      Gateway: live ? ep.gateway : "",
      IPAddress: live ? ep.ipAddress : "",
      IPPrefixLen: live ? ep.prefixLen : 0,
      MacAddress: live ? ep.mac : "",
      DNSNames: name === "bridge" || name === "host" || name === "none" ? null : [rec.name.replace(/^\//, ""), ...ep.aliases, rec.id.slice(0, 12)],
    };
  }
  return out;
}

/** NetworkSettings.Ports: every exposed or bound port → its host bindings (null when not published); {} when not running. */
function portsWire(rec: ContainerRecord): Record<string, any> {
  if (!isLive(rec)) return {};
  const out: Record<string, any> = {};
  for (const k of Object.keys(rec.config.ExposedPorts ?? {})) out[k.includes("/") ? k : `${k}/tcp`] = null;
  for (const p of rec.network?.ports ?? []) (out[`${p.containerPort}/${p.proto}`] ??= []).push({ HostIp: p.hostIp, HostPort: String(p.hostPort) });
  return out;
}

function networkSettings(rec: ContainerRecord, hostNet: boolean): Record<string, any> {
  const networks = endpointsWire(rec);
  if (!rec.network) Object.assign(networks, hostNet ? { host: emptyEndpoint() } : { none: emptyEndpoint() });
  const bridge = networks.bridge ?? emptyEndpoint();
  return {
    Bridge: "",
    SandboxID: "",
    HairpinMode: false,
    LinkLocalIPv6Address: "",
    LinkLocalIPv6PrefixLen: 0,
    Ports: portsWire(rec),
    SandboxKey: isLive(rec) && rec.state.pid > 0 && !hostNet ? `/proc/${rec.state.pid}/ns/net` : "",
    SecondaryIPAddresses: null,
    SecondaryIPv6Addresses: null,
    EndpointID: bridge.EndpointID,
    Gateway: bridge.Gateway,
    GlobalIPv6Address: "",
    GlobalIPv6PrefixLen: 0,
    IPAddress: bridge.IPAddress,
    IPPrefixLen: bridge.IPPrefixLen,
    IPv6Gateway: "",
    MacAddress: bridge.MacAddress,
    Networks: networks,
  };
}

/** ContainerSummary.Ports (`docker ps` PORTS): published ports, then exposed ones without a binding. */
function summaryPorts(rec: ContainerRecord): Record<string, any>[] {
  if (!isLive(rec)) return [];
  const out: Record<string, any>[] = (rec.network?.ports ?? []).map((p) => ({ IP: p.hostIp, PrivatePort: p.containerPort, PublicPort: p.hostPort, Type: p.proto }));
  for (const k of Object.keys(rec.config.ExposedPorts ?? {})) {
    const [port, proto = "tcp"] = k.split("/");
    if (!out.some((o) => o.PrivatePort === Number(port) && o.Type === proto)) out.push({ PrivatePort: Number(port), Type: proto });
  }
  return out;
}

function emptyEndpoint(): Record<string, any> {
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
    Labels: rec.config.Labels ?? {},
    State: rec.state.status,
    Status: describeStatus(rec.state, Date.now(), rec.health?.Status),
    HostConfig: { NetworkMode: rec.hostConfig.NetworkMode },
    Ports: summaryPorts(rec),
    NetworkSettings: { Networks: endpointsWire(rec) },
    Mounts: (rec.mounts ?? []).map(toMountPointWire),
  };
}

