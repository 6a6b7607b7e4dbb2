// HostConfig.SecurityOpt (`docker run --security-opt`) as dockerd 20.10 reads it (daemon_unix.go parseSecurityOpt):
// `no-new-privileges[=bool]`, `seccomp=unconfined|<profile JSON>`, `apparmor=…`, `label=…`, `disable`; `:` is the
// old separator. Anything else is refused with dockerd's message. AppArmor profiles and SELinux labels are not
// applied by wharf-runtime: they are accepted only where dockerd would accept them without effect, on a host
// where that LSM is off; on a host where it is on they are refused, never silently ignored.
import { existsSync, readFileSync } from "node:fs";
import { invalidArgument } from "../errors.js";
import { DEFAULT_SECCOMP_PROFILE, hostSeccompTarget, parseSeccompProfile, resolveSeccompProfile, type LinuxSeccomp } from "./seccomp-profile.js";

export interface SecurityOptions {
  /** "" or "builtin" = the default profile, "unconfined" = none, anything else = a profile's JSON. */
  seccompProfile: string;
  noNewPrivileges: boolean;
  /** The options that would need an LSM (apparmor=, label=), for the host check. */
  lsmOptions: ("apparmor" | "label")[];
  /** The last apparmor= value; dockerd keeps it (inspect AppArmorProfile) even where AppArmor is off. */
  appArmorProfile: string;
}

/** Go's strconv.ParseBool. */
const GO_BOOLS: Record<string, boolean> = {
  "1": true, t: true, T: true, true: true, TRUE: true, True: true, "0": false, f: false, F: false, false: false, FALSE: false, False: false,
};

/** Parses SecurityOpt; throws dockerd's `invalid --security-opt N: "…"` for what dockerd 20.10 refuses. */
export function parseSecurityOpt(opts: readonly string[] | null | undefined): SecurityOptions {
  const out: SecurityOptions = { seccompProfile: "", noNewPrivileges: false, lsmOptions: [], appArmorProfile: "" };
  for (const opt of opts ?? []) {
    if (opt === "no-new-privileges") {
      out.noNewPrivileges = true;
      continue;
    }
    if (opt === "disable") {
      out.lsmOptions.push("label"); // label=disable without the key
      continue;
    }
    const sep = opt.includes("=") ? "=" : opt.includes(":") ? ":" : "";
    if (!sep) throw invalidArgument(`invalid --security-opt 1: ${JSON.stringify(opt)}`);
    const at = opt.indexOf(sep);
    const [key, value] = [opt.slice(0, at), opt.slice(at + 1)];
    if (key === "label" || key === "apparmor") {
      out.lsmOptions.push(key);
      if (key === "apparmor") out.appArmorProfile = value;
    } else if (key === "seccomp") out.seccompProfile = value;
    else if (key === "no-new-privileges" && Object.hasOwn(GO_BOOLS, value)) out.noNewPrivileges = GO_BOOLS[value]!;
    else throw invalidArgument(`invalid --security-opt 2: ${JSON.stringify(opt)}`);
  }
  return out;
}

/** inspect's AppArmorProfile: what the record's SecurityOpt names ("" when none, or when it no longer parses). */
export function appArmorProfileOf(opts: readonly string[] | null | undefined): string {
  try {
    return parseSecurityOpt(opts).appArmorProfile;
  } catch {
    return "";
  }
}

/** What an LSM option would need; undefined when the host has that LSM off (dockerd then accepts it without effect). */
export function lsmRefusal(kind: "apparmor" | "label"): string | undefined {
  if (kind === "apparmor" && readFlag("/sys/module/apparmor/parameters/enabled") === "Y") {
    return "AppArmor profiles (--security-opt apparmor=…) are not supported by wharfd yet";
  }
  if (kind === "label" && existsSync("/sys/fs/selinux/enforce")) return "SELinux labels (--security-opt label=…) are not supported by wharfd yet";
  return undefined;
}

function readFlag(path: string): string {
  try {
    return readFileSync(path, "utf8").trim();
  } catch {
    return "";
  }
}

/**
 * Create-time check of HostConfig.SecurityOpt: dockerd's option errors, LSM options on a host that has the LSM,
 * and a custom seccomp profile that does not decode (dockerd finds that only at start and leaves the container
 * created; wharfd refuses the create, so nothing is left behind).
 */
export function validateSecurityOpt(opts: readonly string[] | null | undefined): void {
  const parsed = parseSecurityOpt(opts);
  for (const kind of new Set(parsed.lsmOptions)) {
    const refusal = lsmRefusal(kind);
    if (refusal) throw invalidArgument(refusal);
  }
  seccompForContainer(parsed, false, []); // a profile's errors do not depend on the capabilities
}

/**
 * linux.seccomp for a container (moby WithSeccomp): none when unconfined or privileged (dockerd 20.10 gives a
 * privileged container no profile at all), the default profile when none is named, else the given profile, each
 * filtered by the container's bounding capabilities and the daemon's architecture.
 */
export function seccompForContainer(opts: SecurityOptions, privileged: boolean, capabilities: readonly string[]): LinuxSeccomp | undefined {
  if (opts.seccompProfile === "unconfined" || privileged) return undefined;
  // "builtin" names the default profile since moby 23 (CLI 28 passes it through; dockerd 20.10 fails to decode it).
  const profile = opts.seccompProfile === "" || opts.seccompProfile === "builtin" ? DEFAULT_SECCOMP_PROFILE : parseSeccompProfile(opts.seccompProfile);
  return resolveSeccompProfile(profile, hostSeccompTarget(capabilities));
}
