// Type checks of the create body (POST /containers/create) with dockerd's answers: dockerd decodes the body into Go
// structs (runconfig.ContainerConfigWrapper embedding container.Config, with *container.HostConfig embedding
// Resources), so a known field with the wrong JSON type is refused with encoding/json's message, e.g.
// `json: cannot unmarshal string into Go struct field ContainerConfigWrapper.Tty of type bool`, while unknown fields
// are ignored. dockerd 20.10 answers these with 500 (the error is not classified); wharfd answers 400, the status
// newer dockerds and the CLI's "invalid parameter" meaning call for, with the same message.
// strslice fields (Cmd, Entrypoint, Shell, CapAdd, CapDrop) accept a string as a one-element list, as in Go; the
// body is normalised in place so the rest of the engine only sees lists.
import { invalidArgument } from "../errors.js";

type GoType = "string" | "bool" | "int" | "int64" | "uint16" | "uint64" | "[]string" | "map[string]string" | "strslice" | "object" | "array" | "[2]uint";

/** container.Config (top level of the wrapper); struct and Go type names as dockerd's errors print them. */
const CONFIG: Record<string, GoType | [GoType, string]> = {
  Hostname: "string", Domainname: "string", User: "string", AttachStdin: "bool", AttachStdout: "bool", AttachStderr: "bool",
  ExposedPorts: ["object", "nat.PortSet"], Tty: "bool", OpenStdin: "bool", StdinOnce: "bool", Env: "[]string", Cmd: "strslice",
  Healthcheck: ["object", "container.HealthConfig"], ArgsEscaped: "bool", Image: "string", Volumes: ["object", "map[string]struct {}"],
  WorkingDir: "string", Entrypoint: "strslice", NetworkDisabled: "bool", MacAddress: "string", OnBuild: "[]string",
  Labels: "map[string]string", StopSignal: "string", StopTimeout: "int", Shell: "strslice",
  HostConfig: ["object", "container.HostConfig"], NetworkingConfig: ["object", "network.NetworkingConfig"],
};

/** container.HostConfig with its embedded Resources. */
const HOST_CONFIG: Record<string, GoType | [GoType, string]> = {
  Binds: "[]string", ContainerIDFile: "string", LogConfig: ["object", "container.LogConfig"], NetworkMode: "string",
  PortBindings: ["object", "nat.PortMap"], RestartPolicy: ["object", "container.RestartPolicy"], AutoRemove: "bool", VolumeDriver: "string",
  VolumesFrom: "[]string", CapAdd: "strslice", CapDrop: "strslice", CgroupnsMode: "string", Dns: "[]string", DnsOptions: "[]string",
  DnsSearch: "[]string", ExtraHosts: "[]string", GroupAdd: "[]string", IpcMode: "string", Cgroup: "string", Links: "[]string",
  OomScoreAdj: "int", PidMode: "string", Privileged: "bool", PublishAllPorts: "bool", ReadonlyRootfs: "bool", SecurityOpt: "[]string",
  StorageOpt: "map[string]string", Tmpfs: "map[string]string", UTSMode: "string", UsernsMode: "string", ShmSize: "int64",
  Sysctls: "map[string]string", Runtime: "string", ConsoleSize: "[2]uint", Isolation: "string",
  CpuShares: "int64", Memory: "int64", NanoCpus: "int64", CgroupParent: "string", BlkioWeight: "uint16", CpuPeriod: "int64",
  CpuQuota: "int64", CpuRealtimePeriod: "int64", CpuRealtimeRuntime: "int64", CpusetCpus: "string", CpusetMems: "string",
  Devices: "array", DeviceCgroupRules: "[]string", DeviceRequests: "array", KernelMemory: "int64", KernelMemoryTCP: "int64",
  MemoryReservation: "int64", MemorySwap: "int64", MemorySwappiness: "int64", OomKillDisable: "bool", PidsLimit: "int64",
  Ulimits: "array", CpuCount: "int64", CpuPercent: "int64", IOMaximumIOps: "uint64", IOMaximumBandwidth: "uint64",
  Mounts: "array", MaskedPaths: "[]string", ReadonlyPaths: "[]string", Init: "bool",
};

const INT_RANGE: Record<string, [number, number]> = {
  int: [-(2 ** 63), 2 ** 63 - 1], int64: [-(2 ** 63), 2 ** 63 - 1], uint16: [0, 65535], uint64: [0, 2 ** 64 - 1],
};

function jsonType(v: unknown): string {
  if (Array.isArray(v)) return "array";
  if (typeof v === "object") return "object";
  if (typeof v === "boolean") return "bool";
  return typeof v; // "string" | "number"
}

/** Go's UnmarshalTypeError text; a number that does not fit a numeric type is quoted with its value. */
function typeError(value: unknown, where: string, goType: string, numeric = false): Error {
  const what = typeof value === "number" && numeric ? `number ${value}` : jsonType(value);
  return invalidArgument(`json: cannot unmarshal ${what} into Go struct field ${where} of type ${goType}`);
}

function check(v: unknown, t: GoType | [GoType, string], where: string): unknown {
  if (v === null || v === undefined) return v;
  const [kind, goName] = Array.isArray(t) ? t : [t, t];
  switch (kind) {
    case "string":
    case "bool":
      if (jsonType(v) !== kind) throw typeError(v, where, goName);
      return v;
    case "int":
    case "int64":
    case "uint16":
    case "uint64": {
      if (typeof v !== "number") throw typeError(v, where, goName);
      const [lo, hi] = INT_RANGE[kind]!;
      if (!Number.isInteger(v) || v < lo || v > hi) throw typeError(v, where, goName, true);
      return v;
    }
    case "[]string":
      if (!Array.isArray(v)) throw typeError(v, where, goName);
      for (const x of v) if (x !== null && typeof x !== "string") throw typeError(x, where, "string");
      return v;
    case "[2]uint":
      if (!Array.isArray(v)) throw typeError(v, where, goName);
      for (const x of v) if (x !== null && (typeof x !== "number" || !Number.isInteger(x) || x < 0)) throw typeError(x, where, "uint", true);
      return v;
    case "map[string]string":
      if (jsonType(v) !== "object") throw typeError(v, where, goName);
      for (const x of Object.values(v as object)) if (x !== null && typeof x !== "string") throw typeError(x, where, "string");
      return v;
    case "strslice":
      // strslice.StrSlice.UnmarshalJSON: a list of strings, else a single string; the string attempt's error wins.
      if (typeof v === "string") return [v];
      if (!Array.isArray(v) || v.some((x) => x !== null && typeof x !== "string")) throw typeError(v, where, "string");
      return v;
    case "object":
      if (jsonType(v) !== "object") throw typeError(v, where, goName);
      return v;
    case "array":
      if (!Array.isArray(v)) throw typeError(v, where, goName);
      return v;
  }
}

/** Refuses a known field of the wrong type with dockerd's message; normalises strslice strings to lists. */
export function checkCreateBodyTypes(body: Record<string, unknown>): void {
  for (const [k, t] of Object.entries(CONFIG)) if (k in body) body[k] = check(body[k], t, `ContainerConfigWrapper.${k}`);
  const h = body.HostConfig as Record<string, unknown> | null | undefined;
  if (h) for (const [k, t] of Object.entries(HOST_CONFIG)) if (k in h) h[k] = check(h[k], t, `HostConfig.HostConfig.${k}`);
}
