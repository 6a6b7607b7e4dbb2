// The kernel side of bridge networks, through iproute2: Linux bridges, veth pairs whose container end is created
// directly inside the container's network namespace (`peer ... netns <pid>`), and the per-interface sysctls.
// Every function names only interfaces the caller owns (from network and container records).
import { execFile } from "node:child_process";
import { existsSync, readdirSync, readlinkSync, writeFileSync } from "node:fs";
import { promisify } from "node:util";
import { EngineError } from "../errors.js";

const run = promisify(execFile);

async function ip(args: string[], input?: string, netnsPid?: number): Promise<string> {
  const cmd = netnsPid ? "nsenter" : "ip";
  const full = netnsPid ? [`--net=/proc/${netnsPid}/ns/net`, "ip", ...args] : args;
  try {
    return await new Promise<string>((resolve, reject) => {
      const child = execFile(cmd, full, (err, out, stderr) => (err ? reject(Object.assign(err, { stderr })) : resolve(out)));
      if (input !== undefined) child.stdin!.end(input);
    });
  } catch (err) {
    throw new EngineError("Internal", `ip ${args.join(" ")}: ${(err as { stderr?: string }).stderr?.trim() || String(err)}`);
  }
}

export function linkExists(name: string): boolean {
  return existsSync(`/sys/class/net/${name}`);
}

function sysctl(path: string, value: string): void {
  try {
    writeFileSync(path, value);
  } catch {
    /* the interface went away meanwhile; the caller's next step reports it */
  }
}

export interface RouteEntry {
  dst: string;
  dev?: string;
}

/**
 * Creates (or repairs) a bridge with its gateway address, MTU and `route_localnet=1` (so DNAT from 127.0.0.1 to a
 * container can leave through it, host-notes.md), and brings it up. Idempotent. Returns the host's IPv4 routes
 * (all tables) as they are right after, read in the same `ip` call, for the caller's overlap check.
 */
export async function ensureBridge(name: string, gatewayCidr: string, mtu: number): Promise<RouteEntry[]> {
  const cmds = [
    ...(linkExists(name) ? [] : [`link add name ${name} mtu ${mtu} type bridge`]),
    `addr replace ${gatewayCidr} dev ${name}`,
    `link set ${name} mtu ${mtu} up`,
    "route show table all",
  ];
  const out = await ip(["-j", "-4", "-batch", "-"], `${cmds.join("\n")}\n`);
  sysctl(`/proc/sys/net/ipv4/conf/${name}/route_localnet`, "1");
  return JSON.parse(out.trim() || "[]") as RouteEntry[];
}

export async function deleteLink(name: string): Promise<void> {
  if (!linkExists(name)) return;
  await ip(["link", "del", name]).catch((err) => {
    if (linkExists(name)) throw err;
  });
}

/** Interfaces enslaved to `bridge` (the host ends of its veths). */
export function bridgePorts(bridge: string): string[] {
  try {
    return readdirSync(`/sys/class/net/${bridge}/brif`);
  } catch {
    return [];
  }
}

/** The bridge an interface is enslaved to, if any. */
export function masterOf(ifname: string): string | undefined {
  try {
    return readlinkSync(`/sys/class/net/${ifname}/master`).split("/").pop();
  } catch {
    return undefined;
  }
}

export interface VethSpec {
  pid: number;
  bridge: string;
  hostVeth: string;
  /** Name inside the container: eth0, eth1, ... */
  ifname: string;
  ipCidr: string;
  mac: string;
  mtu: number;
  /** Set the container's default route via this gateway. */
  defaultGateway?: string;
}

/**
 * One endpoint: the veth pair with its container end created in the netns of `pid` (the init of a created,
 * not yet started container, or of a running one for `network connect`), host end on the bridge with
 * hairpin_mode=1 (a container reaching its own published port through the host); then address, MAC, MTU and
 * routes inside. On failure the host end is deleted (which deletes the pair).
 */
export async function attachVeth(v: VethSpec): Promise<void> {
  try {
    await ip(["-batch", "-"], [
      `link add ${v.hostVeth} mtu ${v.mtu} type veth peer name ${v.ifname} mtu ${v.mtu} address ${v.mac} netns ${v.pid}`,
      `link set ${v.hostVeth} master ${v.bridge} up`,
    ].join("\n") + "\n");
    sysctl(`/sys/class/net/${v.hostVeth}/brport/hairpin_mode`, "1");
    await ip(["-batch", "-"], [
      `link set lo up`,
      `addr add ${v.ipCidr} dev ${v.ifname}`,
      `link set ${v.ifname} up`,
      ...(v.defaultGateway ? [`route replace default via ${v.defaultGateway} dev ${v.ifname}`] : []),
    ].join("\n") + "\n", v.pid);
  } catch (err) {
    await deleteLink(v.hostVeth).catch(() => {});
    throw err;
  }
}

/** Brings loopback up in a container's own netns (network "none"), as dockerd does. */
export async function loopbackUp(pid: number): Promise<void> {
  await ip(["link", "set", "lo", "up"], undefined, pid);
}
