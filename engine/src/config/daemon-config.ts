// wharfd's configuration, parsed ONCE at start-up from dockerd-style flags (nothing else reads argv or env).
// Flag names and meanings follow dockerd's so operators and scripts can swap one for the other:
//   --host/-H unix:///path | tcp://host:port   (repeatable; default unix:///run/wharf/wharf.sock)
//   --data-root DIR   persistent state (images, containers, volumes)   default /var/lib/wharf
//   --exec-root DIR   runtime state (sockets, shim state)             default /run/wharf
//   --insecure-registry HOST:PORT   registries reached over plain HTTP (repeatable)
//   --tlsverify --tlscacert F --tlscert F --tlskey F   mutual TLS for tcp:// hosts
//   --pidfile F, --log-level LEVEL
//   --shim-binary F, --runtime-binary F   wharf-shim and the OCI runtime (default: native/build/ of this checkout)
//   --bridge NAME     the default `bridge` network's Linux bridge (default wharf0 for the default data root, else
//                     wharf-<8 hex of the data root>, so two daemons with their own data roots never share one)
//   --bip CIDR        its gateway address and subnet, e.g. 10.200.3.1/24 (default: the first free pool subnet)
//   --iptables=false  no firewall rules at all (no NAT, isolation or published ports), like dockerd
//   --ip-forward=false  leave net.ipv4.ip_forward alone
//   --mtu N           MTU of bridges and container interfaces (default 1500)
import { createHash } from "node:crypto";
import { parseArgs } from "node:util";
import { isAbsolute } from "node:path";
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
export function parseDaemonConfig(argv: string[]): DaemonConfig {
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
