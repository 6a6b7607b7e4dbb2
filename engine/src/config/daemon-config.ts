// wharfd's configuration, parsed ONCE at start-up from dockerd-style flags (nothing else reads argv or env).
// Flag names and meanings follow dockerd's so operators and scripts can swap one for the other:
//   --host/-H unix:///path | tcp://host:port   (repeatable; default unix:///run/wharf/wharf.sock)
//   --data-root DIR   persistent state (images, containers, volumes)   default /var/lib/wharf
//   --exec-root DIR   runtime state (sockets, shim state)             default /run/wharf
//   --insecure-registry HOST:PORT   registries reached over plain HTTP (repeatable)
//   --tlsverify --tlscacert F --tlscert F --tlskey F   mutual TLS for tcp:// hosts
//   --pidfile F, --log-level LEVEL
//   --shim-binary F, --runtime-binary F   wharf-shim and the `wharf` OCI runtime (default: native/build/ of this checkout)
//   --add-runtime NAME=PATH   another OCI runtime containers may pick with --runtime (repeatable; PATH absolute or
//                     a command on $PATH). runc and crun are registered by themselves when found on $PATH (dockerd
//                     registers runc the same way).
//   --default-runtime NAME   the runtime of containers created without --runtime (default wharf)
//   --bridge NAME     the default `bridge` network's Linux bridge (default wharf0 for the default data root, else
//                     wharf-<8 hex of the data root>, so two daemons with their own data roots never share one)
//   --bip CIDR        its gateway address and subnet, e.g. 10.200.3.1/24 (default: the first free pool subnet)
//   --iptables=false  no firewall rules at all (no NAT, isolation or published ports), like dockerd
//   --ip-forward=false  leave net.ipv4.ip_forward alone
//   --mtu N           MTU of bridges and container interfaces (default 1500)
import { createHash } from "node:crypto";
import { parseArgs } from "node:util";
import { existsSync, statSync } from "node:fs";
import { delimiter, isAbsolute, join, resolve } from "node:path";
import { z } from "zod";
import { invalidArgument } from "../errors.js";
import { LOG_LEVELS } from "../log.js";

export const DEFAULT_HOST = "unix:///run/wharf/wharf.sock";

const listenAddress = z.union([
  z.object({ kind: z.literal("unix"), path: z.string().refine(isAbsolute, "unix socket path must be absolute") }),
  z.object({ kind: z.literal("tcp"), host: z.string().min(1), port: z.number().int().min(0).max(65535) }),
]);
export type ListenAddress = z.infer<typeof listenAddress>;

const configSchema = z.object({
  hosts: z.array(listenAddress).min(1),
  dataRoot: z.string().refine(isAbsolute, "--data-root must be an absolute path"),
  execRoot: z.string().refine(isAbsolute, "--exec-root must be an absolute path"),
  insecureRegistries: z.array(z.string().regex(/^[A-Za-z0-9.-]+(:\d{1,5})?$|^\d+\.\d+\.\d+\.\d+\/\d+$/, "must be HOST[:PORT] or a CIDR")),
  tls: z
    .object({ verify: z.boolean(), caCert: z.string().optional(), cert: z.string(), key: z.string() })
    .optional(),
  pidFile: z.string().refine(isAbsolute, "--pidfile must be an absolute path").optional(),
  logLevel: z.enum(LOG_LEVELS),
  shimBinary: z.string().refine(isAbsolute, "--shim-binary must be an absolute path").optional(),
  runtimeBinary: z.string().refine(isAbsolute, "--runtime-binary must be an absolute path").optional(),
  /** OCI runtimes by name (dockerd's Runtimes): `wharf` plus runc/crun from $PATH plus --add-runtime. */
  runtimes: z.record(z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, "runtime names are letters, digits, _ . -"), z.string().refine(isAbsolute)),
  defaultRuntime: z.string(),
  /** `docker run --init`'s init binary (dockerd's --init-path); default native/build/wharf-init. */
  initPath: z.string().refine(isAbsolute, "--init-path must be an absolute path").optional(),
  network: z.object({
    bridge: z.string().regex(/^[A-Za-z0-9_.-]{1,15}$/, "--bridge must be an interface name (1-15 characters)"),
    bip: z.string().regex(/^\d{1,3}(\.\d{1,3}){3}\/\d{1,2}$/, "--bip must be an IPv4 CIDR such as 10.200.3.1/24").optional(),
    iptables: z.boolean(),
    ipForward: z.boolean(),
    mtu: z.number().int().min(68).max(65535),
  }),
});
export type DaemonConfig = z.infer<typeof configSchema>;

/** Parses `unix:///path` or `tcp://host:port` (dockerd's -H syntax). Throws InvalidArgument on anything else. */
export function parseListenAddress(value: string): ListenAddress {
  if (value.startsWith("unix://")) return { kind: "unix", path: value.slice("unix://".length) };
  const tcp = /^tcp:\/\/(\[[0-9a-fA-F:]+\]|[^:/\s]+):(\d{1,5})$/.exec(value);
  if (tcp) return { kind: "tcp", host: tcp[1]!.replace(/^\[|\]$/g, ""), port: Number(tcp[2]) };
  throw invalidArgument(`invalid --host ${JSON.stringify(value)}: expected unix:///path or tcp://host:port`);
}

/** Parses wharfd's command line into a validated config. Throws InvalidArgument with a readable message. */
export function parseDaemonConfig(argv: string[], env: Record<string, string | undefined> = process.env): DaemonConfig {
  let values: Record<string, string | boolean | string[] | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        host: { type: "string", short: "H", multiple: true },
        "data-root": { type: "string" },
        "exec-root": { type: "string" },
        "insecure-registry": { type: "string", multiple: true },
        tlsverify: { type: "boolean" },
        tlscacert: { type: "string" },
        tlscert: { type: "string" },
        tlskey: { type: "string" },
        pidfile: { type: "string" },
        "log-level": { type: "string" },
        "shim-binary": { type: "string" },
        "runtime-binary": { type: "string" },
        "init-path": { type: "string" },
        "add-runtime": { type: "string", multiple: true },
        "default-runtime": { type: "string" },
        bridge: { type: "string", short: "b" },
        bip: { type: "string" },
        iptables: { type: "string" },
        "ip-forward": { type: "string" },
        mtu: { type: "string" },
      },
    }));
  } catch (err) {
    throw invalidArgument((err as Error).message);
  }
  const hosts = ((values.host as string[] | undefined) ?? [DEFAULT_HOST]).map(parseListenAddress);
  const tlsCert = values.tlscert as string | undefined;
  const tlsKey = values.tlskey as string | undefined;
  const tlsVerify = values.tlsverify === true;
  if (tlsVerify && (!values.tlscacert || !tlsCert || !tlsKey)) {
    throw invalidArgument("--tlsverify needs --tlscacert, --tlscert and --tlskey");
  }
  const tls = tlsCert && tlsKey
    ? { verify: tlsVerify, caCert: values.tlscacert as string | undefined, cert: tlsCert, key: tlsKey }
    : undefined;
  for (const h of hosts) {
    if (h.kind === "tcp" && !tls && !isLoopback(h.host)) {
      throw invalidArgument(`refusing to listen on tcp://${h.host}:${h.port} without TLS: add --tlsverify with certificates`);
    }
  }
  const runtimes = runtimeTable((values["runtime-binary"] as string | undefined) ?? DEFAULT_WHARF_RUNTIME, (values["add-runtime"] as string[] | undefined) ?? [], env.PATH ?? "");
  const defaultRuntime = (values["default-runtime"] as string | undefined) ?? "wharf";
  if (!runtimes[defaultRuntime]) throw invalidArgument(`--default-runtime ${defaultRuntime}: no such runtime (known: ${Object.keys(runtimes).join(", ")})`);
  const parsed = configSchema.safeParse({
    hosts,
    dataRoot: values["data-root"] ?? "/var/lib/wharf",
    execRoot: values["exec-root"] ?? "/run/wharf",
    insecureRegistries: values["insecure-registry"] ?? [],
    tls,
    pidFile: values.pidfile,
    logLevel: values["log-level"] ?? "info",
    shimBinary: values["shim-binary"],
    runtimeBinary: values["runtime-binary"],
    initPath: values["init-path"],
    runtimes,
    defaultRuntime,
    network: {
      bridge: (values.bridge as string | undefined) ?? defaultBridgeName((values["data-root"] as string | undefined) ?? "/var/lib/wharf"),
      bip: values.bip,
      iptables: boolFlag("--iptables", values.iptables as string | undefined),
      ipForward: boolFlag("--ip-forward", values["ip-forward"] as string | undefined),
      mtu: values.mtu === undefined ? 1500 : Number(values.mtu),
    },
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw invalidArgument(`invalid configuration: ${issue.path.join(".")}: ${issue.message}`);
  }
  return parsed.data;
}

const DEFAULT_WHARF_RUNTIME = resolve(import.meta.dirname, "../../../native/build/wharf-runtime");

/**
 * The runtime registry: `wharf` (ours), runc and crun when $PATH has them, then each `--add-runtime NAME=PATH`
 * (which may replace runc/crun, not wharf). A PATH that is not absolute is looked up on $PATH now, so a missing
 * binary stops the daemon at start instead of failing every container that picks it.
 */
export function runtimeTable(wharfPath: string, added: string[], pathVar: string): Record<string, string> {
  const table: Record<string, string> = { wharf: wharfPath };
  for (const name of ["runc", "crun"]) {
    const found = lookPath(name, pathVar);
    if (found) table[name] = found;
  }
  const seen = new Set<string>();
  for (const spec of added) {
    const eq = spec.indexOf("=");
    const name = spec.slice(0, eq);
    const path = spec.slice(eq + 1);
    if (eq <= 0 || !path) throw invalidArgument(`invalid --add-runtime ${JSON.stringify(spec)}: expected NAME=PATH`);
    if (name === "wharf") throw invalidArgument("--add-runtime: runtime name 'wharf' is reserved");
    if (seen.has(name)) throw invalidArgument(`--add-runtime: runtime ${JSON.stringify(name)} given twice`);
    seen.add(name);
    const abs = isAbsolute(path) ? path : lookPath(path, pathVar);
    if (!abs) throw invalidArgument(`--add-runtime ${name}: ${JSON.stringify(path)} not found in $PATH`);
    table[name] = abs;
  }
  return table;
}

function lookPath(cmd: string, pathVar: string): string | undefined {
  if (cmd.includes("/")) return undefined;
  for (const dir of pathVar.split(delimiter).filter(isAbsolute)) {
    const f = join(dir, cmd);
    try {
      if (existsSync(f) && statSync(f).isFile() && (statSync(f).mode & 0o111) !== 0) return f;
    } catch {
      /* unreadable entry: keep looking */
    }
  }
  return undefined;
}

/** `wharf0` for the standard data root (dockerd's docker0); a name derived from any other data root. */
export function defaultBridgeName(dataRoot: string): string {
  return dataRoot === "/var/lib/wharf" ? "wharf0" : `wharf-${createHash("sha256").update(dataRoot).digest("hex").slice(0, 8)}`;
}

/** dockerd's boolean flags take `--flag=false`; a bare `--flag` (parsed as a string option) is refused by parseArgs. */
function boolFlag(name: string, value: string | undefined): boolean {
  if (value === undefined || value === "true" || value === "1") return true;
  if (value === "false" || value === "0") return false;
  throw invalidArgument(`invalid value for ${name}: ${JSON.stringify(value)} (expected true or false)`);
}

function isLoopback(host: string): boolean {
  return host === "localhost" || host === "::1" || /^127\./.test(host);
}
