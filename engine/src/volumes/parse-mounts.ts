// The create body's mount requests → the container's mount points, checked with dockerd's rules and wording (moby
// daemon/volume/mounts/linux_parser.go, validate.go): `-v` specs (HostConfig.Binds "src:dst[:mode]"), API mount
// objects (HostConfig.Mounts, `--mount`), `--volumes-from` specs and HostConfig.Tmpfs destinations. Pure: nothing
// here touches a volume; the caller creates them after everything parsed.
import { existsSync } from "node:fs";
import { posix } from "node:path";
import type { ContainerMount } from "../containers/container-record.js";
import { invalidArgument } from "../errors.js";

/* eslint-disable @typescript-eslint/no-explicit-any */
const RW_MODES = new Set(["rw", "ro"]);
const LABEL_MODES = new Set(["z", "Z"]);
export const PROPAGATION_MODES = new Set(["private", "rprivate", "slave", "rslave", "shared", "rshared"]);
const COPY_MODES = new Set(["nocopy"]);
const CONSISTENCY_MODES = new Set(["consistent", "cached", "delegated"]);
const DEFAULT_PROPAGATION = "rprivate";

/** A mount point before its volume exists: `name` undefined on a volume means "create an anonymous one". */
export type MountRequest = ContainerMount & {
  /** Driver options and labels for a volume `--mount` creates (VolumeOptions). */
  volumeOptions?: { driverOpts: Record<string, string>; labels: Record<string, string>; driver: string };
  /** The user named a propagation mode (a bind's default is rprivate, or rslave over the data root). */
  explicitPropagation?: boolean;
};

/** linuxValidMountMode: comma-separated, known words, at most one per category. */
export function validMountMode(mode: string): boolean {
  if (mode === "") return true;
  const counts = [0, 0, 0, 0, 0];
  for (const o of mode.split(",")) {
    const i = RW_MODES.has(o) ? 0 : LABEL_MODES.has(o) ? 1 : PROPAGATION_MODES.has(o) ? 2 : COPY_MODES.has(o) ? 3 : CONSISTENCY_MODES.has(o) ? 4 : -1;
    if (i < 0) return false;
    counts[i]! += 1;
  }
  return counts.every((c) => c <= 1);
}

const modeWords = (mode: string) => (mode === "" ? [] : mode.split(","));

/** Docker's path.Clean for destinations and bind sources. */
export function cleanPath(p: string): string {
  const n = posix.normalize(p);
  return n.length > 1 && n.endsWith("/") ? n.slice(0, -1) : n;
}

function checkTarget(target: string): string | undefined {
  if (cleanPath(target.replace(/\\/g, "/")) === "/") return "invalid specification: destination can't be '/'";
  if (!posix.isAbsolute(target.replace(/\\/g, "/"))) return `invalid mount path: '${target}' mount path must be absolute`;
  return undefined;
}

const mountConfigError = (type: string, msg: string) => invalidArgument(`invalid mount config for type ${JSON.stringify(type)}: ${msg}`);

/** One `-v` spec (HostConfig.Binds entry): ParseMountRaw. */
export function parseBind(raw: string): MountRequest {
  const spec = () => `invalid volume specification: '${raw}'`;
  const arr = raw.split(":");
  if (arr.length > 3 || arr[0] === "") throw invalidArgument(spec());
  let source = "";
  let target: string;
  let mode = "";
  if (arr.length === 1) target = arr[0]!;
  else if (arr.length === 2) {
    // "/foo:rw" is a destination with a mode: volumes cannot have one without a source.
    if (validMountMode(arr[1]!)) throw invalidArgument(spec());
    [source, target] = [arr[0]!, arr[1]!];
  } else [source, target, mode] = [arr[0]!, arr[1]!, arr[2]!];
  if (!validMountMode(mode)) throw invalidArgument(`invalid mode: ${mode}`);
  const type = posix.isAbsolute(source) ? "bind" : "volume";
  const problem = checkTarget(target);
  if (problem) throw invalidArgument(`${spec()}: invalid mount config for type "${type}": ${problem}`);
  const words = modeWords(mode);
  const rw = !words.includes("ro");
  const propagation = words.find((w) => PROPAGATION_MODES.has(w));
  if (type === "bind") {
    return { type, source: cleanPath(source), destination: cleanPath(target), mode, rw, propagation: propagation ?? DEFAULT_PROPAGATION, createSource: true, explicitPropagation: propagation !== undefined };
  }
  // Named or anonymous volume; dockerd shows mode "z" for local volumes given without a mode (setBindModeIfNull).
  return { type, ...(source ? { name: source } : { anonymous: true }), source: "", destination: cleanPath(target), driver: "local", mode: mode || "z", rw, propagation: "", copyData: !words.includes("nocopy") };
}

/** One API mount object (HostConfig.Mounts entry, `--mount`): validateMountConfigImpl + parseMountSpec. */
export function parseMountSpec(m: Record<string, any>): MountRequest {
  const type = String(m.Type ?? "");
  for (const [field, owner] of [["BindOptions", "bind"], ["VolumeOptions", "volume"], ["ImageOptions", "image"], ["TmpfsOptions", "tmpfs"], ["ClusterOptions", "cluster"]] as const) {
    if (type !== owner && m[field] !== undefined && m[field] !== null) throw mountConfigError(type, `field ${field} must not be specified`);
  }
  const target = String(m.Target ?? "");
  if (target === "") throw mountConfigError(type, "field Target must not be empty");
  const problem = checkTarget(target);
  if (problem) throw mountConfigError(type, problem);
  const source = typeof m.Source === "string" ? m.Source : "";
  const rw = m.ReadOnly !== true;
  const destination = cleanPath(target);
  switch (type) {
    case "bind": {
      if (source === "") throw mountConfigError(type, "field Source must not be empty");
      const prop = m.BindOptions?.Propagation ?? "";
      if (prop !== "" && !PROPAGATION_MODES.has(prop)) throw mountConfigError(type, `invalid propagation mode: ${prop}`);
      if (!posix.isAbsolute(source)) throw mountConfigError(type, `invalid mount path: '${source}' mount path must be absolute`);
      const create = m.BindOptions?.CreateMountpoint === true;
      if (!create && !existsSync(source)) throw mountConfigError(type, `bind source path does not exist: ${source}`);
      return { type, source: cleanPath(source), destination, mode: "", rw, propagation: prop || DEFAULT_PROPAGATION, createSource: create, explicitPropagation: prop !== "" };
    }
    case "volume": {
      const vo = m.VolumeOptions ?? {};
      if (vo.Subpath) throw invalidArgument("volume subpaths (VolumeOptions.Subpath) are not supported by wharfd yet");
      const driver = vo.DriverConfig?.Name || "local";
      return {
        type, ...(source ? { name: source } : { anonymous: true }), source: "", destination, driver, mode: "z", rw, propagation: "", copyData: vo.NoCopy !== true,
        volumeOptions: { driver, driverOpts: { ...(vo.DriverConfig?.Options ?? {}) }, labels: { ...(vo.Labels ?? {}) } },
      };
    }
    case "tmpfs": {
      if (source !== "") throw mountConfigError(type, "field Source must not be specified");
      return { type, source: "", destination, mode: "", rw, propagation: "", tmpfsOptions: convertTmpfsOptions(m.TmpfsOptions, !rw, type) };
    }
    case "image":
    case "npipe":
    case "cluster":
      throw invalidArgument(`mounts of type "${type}" are not supported by wharfd yet`);
    default:
      throw mountConfigError(type, "mount type unknown");
  }
}

/** ConvertTmpfsOptions: ro, mode=<octal>, size=<n>[gmk] (largest exact unit), then exec/noexec options. */
export function convertTmpfsOptions(opt: Record<string, any> | undefined | null, readOnly: boolean, type = "tmpfs"): string {
  const out: string[] = [];
  if (readOnly) out.push("ro");
  if (opt?.Mode) out.push(`mode=${Number(opt.Mode).toString(8)}`);
  if (opt?.SizeBytes) {
    let size = Number(opt.SizeBytes);
    let suffix = "";
    for (const [s, d] of [["g", 2 ** 30], ["m", 2 ** 20], ["k", 2 ** 10]] as const) {
      if (size % d === 0) {
        size /= d;
        suffix = s;
        break;
      }
    }
    out.push(`size=${size}${suffix}`);
  }
  for (const o of (opt?.Options ?? []) as string[][]) {
    if (!Array.isArray(o) || o.length < 1 || o.length > 2) throw mountConfigError(type, "invalid option array length");
    if (o[0] !== "exec" && o[0] !== "noexec") throw mountConfigError(type, `invalid option: ${o[0]}`);
    out.push(o.length === 1 ? o[0]! : `${o[0]}=${o[1]}`);
  }
  return out.join(",");
}

/** One `--volumes-from` spec, "container[:ro|rw]": ParseVolumesFrom (no propagation, no copy modes). */
export function parseVolumesFrom(spec: string): { container: string; rw: boolean } {
  if (spec === "") throw invalidArgument("volumes-from specification cannot be an empty string");
  const i = spec.indexOf(":");
  const container = i < 0 ? spec : spec.slice(0, i);
  const mode = i < 0 ? "" : spec.slice(i + 1);
  if (mode === "") return { container, rw: true };
  const words = modeWords(mode);
  if (!validMountMode(mode) || words.some((w) => PROPAGATION_MODES.has(w) || COPY_MODES.has(w))) throw invalidArgument(`invalid mode: ${mode}`);
  return { container, rw: !words.includes("ro") };
}

/** HostConfig.Tmpfs destinations (`--tmpfs /x:opts`): absolute, not "/". */
export function checkTmpfsDestinations(tmpfs: Record<string, string> | undefined | null): void {
  for (const dest of Object.keys(tmpfs ?? {})) {
    const problem = checkTarget(dest);
    if (problem) throw invalidArgument(`invalid tmpfs mount: ${problem}`);
  }
}

/** tmpfs options as dockerd builds them (oci_linux.go): noexec,nosuid,nodev first; a later word of the same kind
 * (exec after noexec, a second size=) replaces the earlier one. */
export function tmpfsMountOptions(data: string): string[] {
  const kind = (w: string) => {
    if (w.includes("=")) return w.slice(0, w.indexOf("="));
    const base = w.replace(/^no/, "");
    return ["exec", "suid", "dev"].includes(base) ? base : w === "ro" ? "rw" : w;
  };
  const out = new Map<string, string>();
  for (const w of ["noexec", "nosuid", "nodev", ...data.split(",").filter(Boolean)]) {
    out.delete(kind(w));
    out.set(kind(w), w);
  }
  return [...out.values()];
}

/**
 * dockerd's validateBindDaemonRoot: a bind whose source contains the data root (or lies inside it) must not hold
 * private copies of the engine's own mounts (overlays, volumes), or their removal fails with EBUSY. Without a mode
 * it becomes rslave; rprivate/private/shared/slave are refused.
 */
export function checkBindOverDataRoot(m: MountRequest, dataRoot: string): void {
  if (m.type !== "bind" || (!m.source.startsWith(dataRoot) && !dataRoot.startsWith(m.source))) return;
  if (!m.explicitPropagation) {
    m.propagation = "rslave";
    return;
  }
  if (m.propagation === "rslave" || m.propagation === "rshared") return;
  throw invalidArgument(
    `invalid mount config: must use either propagation mode "rslave" or "rshared" when mount source is within the daemon root, daemon root: ${JSON.stringify(dataRoot)}, bind mount source: ${JSON.stringify(m.source)}, propagation: ${JSON.stringify(m.propagation)}`,
  );
}
