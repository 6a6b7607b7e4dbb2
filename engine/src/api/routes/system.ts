// System endpoints: /_ping (HEAD and GET), /version, /info, /system/df, /build/prune. The docker CLI pings first and reads the headers set
// by api/server.ts; `docker version` and `docker info` render these bodies.
import { arch, cpus, hostname, release, totalmem } from "node:os";
import type { HttpRoute } from "../router.js";
import { API_VERSION, MIN_API_VERSION } from "../api-version.js";
import { writeJson } from "../http-errors.js";
import type { SystemInfoWire, SystemVersionWire } from "../wire/system.js";
import { ENGINE_NAME, ENGINE_VERSION } from "../../version.js";
import type { DaemonState } from "../../daemon/daemon-state.js";
import { invalidArgument } from "../../errors.js";
import { DISK_USAGE_TYPES, type DiskUsageType, diskUsage } from "../../volumes/disk-usage.js";
import { summarizeContainer } from "../wire/containers.js";
import { toImageSummaryWire } from "../wire/images.js";
import { toVolumeWire } from "../wire/volumes.js";

const GIT_COMMIT = "wharf";

export function systemRoutes(state: DaemonState): HttpRoute[] {
  return [
    {
      method: "GET",
      pattern: "/_ping",
      handle: (ctx, res) => {
        res.writeHead(200, { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-cache, no-store, must-revalidate", Pragma: "no-cache" });
        res.end(ctx.req.method === "HEAD" ? undefined : "OK");
      },
    },
    { method: "GET", pattern: "/version", handle: (_ctx, res) => writeJson(res, 200, systemVersion()) },
    { method: "GET", pattern: "/info", handle: (_ctx, res) => writeJson(res, 200, systemInfo(state)) },
    { method: "GET", pattern: "/system/df", handle: async (ctx, res) => writeJson(res, 200, await systemDiskUsage(state, ctx.query.getAll("type"))) },
    // wharfd has no builder, so there is never a build cache: `docker system prune` and `docker builder prune` get the
    // truthful empty answer instead of a 404 that would abort `system prune` after it pruned everything else.
    { method: "POST", pattern: "/build/prune", handle: (_ctx, res) => writeJson(res, 200, { CachesDeleted: null, SpaceReclaimed: 0 }) },
  ];
}

/** `docker system df [-v]`: API SystemDataUsageResponse; `type` (API 1.42) limits which parts are computed. */
async function systemDiskUsage(state: DaemonState, typeParams: string[]): Promise<Record<string, unknown>> {
  for (const t of typeParams) if (!(DISK_USAGE_TYPES as readonly string[]).includes(t)) throw invalidArgument(`unknown object type: ${t}`);
  const types = typeParams.length ? (typeParams as DiskUsageType[]) : DISK_USAGE_TYPES;
  const du = await diskUsage(state, types);
  return {
    LayersSize: du.layersSize,
    Images: du.images?.map((i) => ({ ...toImageSummaryWire(i.details), SharedSize: i.sharedSize, Containers: i.containers })) ?? null,
    Containers: du.containers?.map((c) => ({ ...summarizeContainer(c.rec), SizeRw: c.sizeRw, SizeRootFs: c.sizeRootFs })) ?? null,
    Volumes: du.volumes?.map((v) => toVolumeWire(v.volume, state.volumes.store.dataDir(v.volume.name), v)) ?? null,
    BuildCache: types.includes("build-cache") ? [] : null,
  };
}

export function systemVersion(): SystemVersionWire {
  const details = { ApiVersion: API_VERSION, MinAPIVersion: MIN_API_VERSION, GitCommit: GIT_COMMIT, Os: "linux", Arch: goArch(), KernelVersion: release() };
  return {
    Platform: { Name: ENGINE_NAME },
    Components: [{ Name: "Engine", Version: ENGINE_VERSION, Details: { ...details, GoVersion: `node${process.versions.node}`, BuildTime: "", Experimental: "false" } }],
    Version: ENGINE_VERSION,
    ApiVersion: API_VERSION,
    MinAPIVersion: MIN_API_VERSION,
    GitCommit: GIT_COMMIT,
    GoVersion: `node${process.versions.node}`,
    Os: "linux",
    Arch: goArch(),
    KernelVersion: release(),
    BuildTime: "",
    Experimental: false,
  };
}

function systemInfo(state: DaemonState): SystemInfoWire {
  const { config } = state;
  const counts = state.counts();
  return {
    ID: state.engineId,
    Containers: counts.containers,
    ContainersRunning: counts.running,
    ContainersPaused: counts.paused,
    ContainersStopped: counts.containers - counts.running - counts.paused,
    Images: counts.images,
    Driver: "overlay2",
    DriverStatus: [["Backing Filesystem", "extfs"], ["Supports d_type", "true"]],
    DockerRootDir: config.dataRoot,
    Plugins: { Volume: ["local"], Network: ["bridge", "host", "null"], Authorization: null, Log: ["json-file"] },
    MemoryLimit: true,
    SwapLimit: true,
    CpuCfsPeriod: true,
    CpuCfsQuota: true,
    CPUShares: true,
    CPUSet: true,
    PidsLimit: true,
    IPv4Forwarding: true,
    Debug: config.logLevel === "debug" || config.logLevel === "trace",
    NFd: 0,
    NGoroutines: 0,
    SystemTime: new Date().toISOString(),
    LoggingDriver: "json-file",
    CgroupDriver: "cgroupfs",
    CgroupVersion: state.cgroupVersion,
    NEventsListener: 0,
    KernelVersion: release(),
    OperatingSystem: state.operatingSystem,
    OSVersion: "",
    OSType: "linux",
    Architecture: arch() === "x64" ? "x86_64" : arch(),
    NCPU: cpus().length,
    MemTotal: totalmem(),
    IndexServerAddress: "https://index.docker.io/v1/",
    RegistryConfig: {
      InsecureRegistryCIDRs: ["127.0.0.0/8", ...config.insecureRegistries.filter((r) => r.includes("/"))],
      IndexConfigs: Object.fromEntries(
        config.insecureRegistries.filter((r) => !r.includes("/")).map((r) => [r, { Name: r, Mirrors: [], Secure: false, Official: false }]),
      ),
      Mirrors: [],
    },
    GenericResources: null,
    HttpProxy: "",
    HttpsProxy: "",
    NoProxy: "",
    Name: hostname(),
    Labels: [],
    ExperimentalBuild: false,
    ServerVersion: ENGINE_VERSION,
    Runtimes: state.runtimes,
    DefaultRuntime: state.defaultRuntime,
    Swarm: { NodeID: "", NodeAddr: "", LocalNodeState: "inactive", ControlAvailable: false, Error: "", RemoteManagers: null },
    LiveRestoreEnabled: true,
    Isolation: "",
    InitBinary: "",
    SecurityOptions: ["name=seccomp,profile=builtin"],
    Warnings: [],
  };
}

function goArch(): string {
  return arch() === "x64" ? "amd64" : arch();
}
