// The Docker create body (API ContainerCreateRequest: Config + HostConfig + NetworkingConfig) → the record's
// config, checked. What the engine cannot honour yet (Devices) is refused with a 400; networks and published
// ports are checked by the network subsystem's create hook (engine/src/networks), binds, mounts, tmpfs and
// volumes by the volume subsystem's (engine/src/volumes). Refusals name the field, never ignore it. Restart policies and health checks are validated as dockerd does.
import { invalidArgument } from "../errors.js";
import type { ImageConfig } from "../images/image-store.js";
import { validateRestartPolicy } from "./restart-policy.js";
import { mergeHealthcheck, validateHealthcheck } from "./health-config.js";
import { validateSecurityOpt } from "./security-opt.js";

/* eslint-disable @typescript-eslint/no-explicit-any */

export interface MergedConfig {
  config: Record<string, any>;
  hostConfig: Record<string, any>;
  path: string;
  args: string[];
}

export function checkUnsupported(body: Record<string, any>): void {
  const h = body.HostConfig ?? {};
  if (Array.isArray(h.Devices) && h.Devices.length) throw invalidArgument("HostConfig.Devices is not supported by wharfd yet");
  validateRestartPolicy(h.RestartPolicy, h.AutoRemove === true);
  validateHealthcheck(body.Healthcheck);
  validateSecurityOpt(h.SecurityOpt);
  for (const k of ["Memory", "NanoCpus", "CpuShares", "PidsLimit", "MemorySwap"] as const) {
    if (h[k] !== undefined && h[k] !== null && (typeof h[k] !== "number" || (h[k] < 0 && !(k === "PidsLimit" || k === "MemorySwap")))) throw invalidArgument(`invalid HostConfig.${k}: ${JSON.stringify(h[k])}`);
  }
  if (h.Memory > 0 && h.Memory < 6 * 1024 * 1024) throw invalidArgument("Minimum memory limit allowed is 6MB");
}

/** Merges the image's config with the create body as dockerd does (daemon/create.go, merge.go). */
export function mergeConfig(body: Record<string, any>, image: ImageConfig, id: string): MergedConfig {
  const ic = (image.config ?? {}) as Record<string, any>;
  const c: Record<string, any> = { ...body };
  delete c.HostConfig;
  delete c.NetworkingConfig;
  const envMap = new Map<string, string>();
  for (const e of [...(ic.Env ?? []), ...(c.Env ?? [])] as string[]) envMap.set(e.split("=", 1)[0]!, e);
  const hasEntrypoint = Array.isArray(c.Entrypoint) ? c.Entrypoint.length > 0 : false;
  const entrypoint: string[] = hasEntrypoint ? c.Entrypoint : c.Entrypoint === undefined || c.Entrypoint === null ? (ic.Entrypoint ?? []) : [];
  const cmd: string[] = Array.isArray(c.Cmd) && c.Cmd.length ? c.Cmd : hasEntrypoint ? [] : (ic.Cmd ?? []);
  const argv = [...entrypoint, ...cmd];
  if (argv.length === 0) throw invalidArgument("no command specified");
  const hostname = c.Hostname || id.slice(0, 12);
  if (!envMap.has("PATH")) envMap.set("PATH", "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
  const env = [...envMap.values()];
  if (!env.some((e) => e.startsWith("HOSTNAME="))) env.unshift(`HOSTNAME=${hostname}`);
  if (c.Tty && !env.some((e) => e.startsWith("TERM="))) env.push("TERM=xterm");
  const config = {
    Hostname: hostname,
    Domainname: c.Domainname ?? "",
    User: c.User || ic.User || "",
    AttachStdin: c.AttachStdin ?? false,
    AttachStdout: c.AttachStdout ?? false,
    AttachStderr: c.AttachStderr ?? false,
    ExposedPorts: c.ExposedPorts ?? ic.ExposedPorts,
    Tty: c.Tty ?? false,
    OpenStdin: c.OpenStdin ?? false,
    StdinOnce: c.StdinOnce ?? false,
    Env: env,
    Cmd: cmd.length ? cmd : null,
    Image: c.Image,
    Volumes: null,
    WorkingDir: c.WorkingDir || ic.WorkingDir || "",
    Entrypoint: entrypoint.length ? entrypoint : null,
    OnBuild: null,
    Labels: { ...(ic.Labels ?? {}), ...(c.Labels ?? {}) },
    StopSignal: c.StopSignal || ic.StopSignal || undefined,
    StopTimeout: c.StopTimeout,
    Healthcheck: mergeHealthcheck(c.Healthcheck, ic.Healthcheck),
  };
  const h = body.HostConfig ?? {};
  const hostConfig = {
    ...h,
    NetworkMode: !h.NetworkMode || h.NetworkMode === "default" ? "bridge" : h.NetworkMode,
    Memory: h.Memory ?? 0,
    // dockerd (daemon_unix.go adaptContainerSettings): a memory limit without a swap limit gets swap = 2 × memory;
    // `docker update --memory` compares with it.
    MemorySwap: h.Memory > 0 && !h.MemorySwap ? h.Memory * 2 : (h.MemorySwap ?? 0),
    NanoCpus: h.NanoCpus ?? 0,
    CpuShares: h.CpuShares ?? 0,
    PidsLimit: h.PidsLimit ?? null,
    Privileged: h.Privileged ?? false,
    ReadonlyRootfs: h.ReadonlyRootfs ?? false,
    AutoRemove: h.AutoRemove ?? false,
    CapAdd: h.CapAdd ?? null,
    CapDrop: h.CapDrop ?? null,
    Ulimits: h.Ulimits ?? null,
    RestartPolicy: h.RestartPolicy ?? { Name: "no", MaximumRetryCount: 0 },
    LogConfig: { Type: "json-file", Config: {} },
  };
  return { config, hostConfig, path: argv[0]!, args: argv.slice(1) };
}
