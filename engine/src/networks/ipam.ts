// IPv4 address management: automatic subnets from dockerd's default pools that overlap no host route or address
// and no other network of ours, and per-network address allocation (gateway, static `--ip`, `--ip-range`,
// aux addresses). Allocations live in memory; they are rebuilt from running containers' records at start-up.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { EngineError, invalidArgument } from "../errors.js";
import { contains, formatCidr, formatIp, mustParseCidr, overlaps, parseCidr, parseIp, type Prefix, size } from "./ipv4.js";
import type { IpamPool, NetworkRecord } from "./network-record.js";

const run = promisify(execFile);

/** dockerd's default local address pools: 172.17-31.0.0/16, then 192.168.0.0/16 in /20s. */
export function defaultPools(): Prefix[] {
  const out: Prefix[] = [];
  for (let b = 17; b <= 31; b++) out.push({ base: parseIp(`172.${b}.0.0`)!, bits: 16 });
  for (let c = 0; c < 256; c += 16) out.push({ base: parseIp(`192.168.${c}.0`)!, bits: 20 });
  return out;
}

/**
 * Every IPv4 route destination on the host (all tables, so interface addresses are in as `local` routes), as
 * prefixes, except routes through `exceptDev`. One `ip` call: this runs on every network create.
 */
export async function hostPrefixes(exceptDev?: string): Promise<Prefix[]> {
  return routePrefixes(JSON.parse((await run("ip", ["-j", "-4", "route", "show", "table", "all"])).stdout || "[]") as { dst: string; dev?: string }[], exceptDev);
}

/** `ip -j route` entries → prefixes, except routes through `exceptDev`. */
export function routePrefixes(routes: { dst: string; dev?: string }[], exceptDev?: string): Prefix[] {
  return routes
    .filter((r) => r.dst !== "default" && (!exceptDev || r.dev !== exceptDev))
    .map((r) => parseCidr(r.dst.includes("/") ? r.dst : `${r.dst}/32`))
    .filter((p): p is Prefix & { addr: number } => p !== undefined && p.bits > 0);
}

/** The first default pool that overlaps none of `used` (host prefixes and our other networks' subnets). */
export function pickSubnet(used: Prefix[]): Prefix {
  for (const p of defaultPools()) if (!used.some((u) => overlaps(p, u))) return p;
  throw new EngineError("Forbidden", "could not find an available, non-overlapping IPv4 address pool among the defaults to assign to the network");
}

/**
 * Validates an IPAM config as dockerd does (libnetwork ipam + bridge driver) and fills the gateway:
 * invalid CIDRs and addresses are 400, a gateway or range outside the subnet is 400.
 */
export function normalizePool(cfg: { Subnet?: string; Gateway?: string; IPRange?: string; AuxiliaryAddresses?: Record<string, string> }, auto: Prefix): IpamPool {
  const subnet = cfg.Subnet ? mustParseCidr(cfg.Subnet) : { ...auto, addr: auto.base };
  if (cfg.Subnet && subnet.base !== subnet.addr) {
    // dockerd accepts 10.1.2.3/16 but reports and uses the network address.
  }
  if (subnet.bits > 30) throw invalidArgument(`invalid subnet ${cfg.Subnet}: the prefix is too small for a network`);
  let gateway = subnet.base + 1;
  if (cfg.Gateway) {
    const g = parseIp(cfg.Gateway);
    if (g === undefined) throw invalidArgument(`invalid gateway address ${cfg.Gateway}`);
    if (!contains(subnet, g)) throw invalidArgument(`no matching subnet for gateway ${cfg.Gateway}`);
    gateway = g;
  }
  const pool: IpamPool = { subnet: formatCidr(subnet), gateway: formatIp(gateway) };
  if (cfg.IPRange) {
    const r = mustParseCidr(cfg.IPRange);
    if (!contains(subnet, r.base) || !contains(subnet, r.base + size(r) - 1)) throw invalidArgument(`no matching subnet for range ${cfg.IPRange}`);
    pool.ipRange = formatCidr(r);
  }
  if (cfg.AuxiliaryAddresses && Object.keys(cfg.AuxiliaryAddresses).length) {
    for (const [k, v] of Object.entries(cfg.AuxiliaryAddresses)) {
      const a = parseIp(v);
      if (a === undefined || !contains(subnet, a)) throw invalidArgument(`no matching subnet for aux-address ${k}=${v}`);
    }
    pool.auxAddresses = { ...cfg.AuxiliaryAddresses };
  }
  return pool;
}

/** Addresses in use per network (gateway and aux addresses are never handed out). */
export class AddressAllocator {
  private readonly used = new Map<string, Set<number>>();
  /** Next candidate per network, so a released address is not reused at once (dockerd allocates sequentially). */
  private readonly cursor = new Map<string, number>();

  private set(net: NetworkRecord): Set<number> {
    let s = this.used.get(net.id);
    if (!s) {
      s = new Set();
      const pool = net.ipam.config[0];
      if (pool) {
        s.add(parseIp(pool.gateway)!);
        for (const v of Object.values(pool.auxAddresses ?? {})) s.add(parseIp(v)!);
      }
      this.used.set(net.id, s);
    }
    return s;
  }

  /** Takes `wanted` (a static address) or the next free one; returns the address and prefix length. */
  allocate(net: NetworkRecord, wanted?: string): { ip: string; prefixLen: number; gateway: string } {
    const pool = net.ipam.config[0];
    if (!pool) throw invalidArgument(`network ${net.name} has no IPv4 pool`);
    const subnet = parseCidr(pool.subnet)!;
    const used = this.set(net);
    const last = subnet.base + size(subnet) - 1;
    if (wanted) {
      const ip = parseIp(wanted);
      if (ip === undefined) throw invalidArgument(`invalid IPv4 address: ${wanted}`);
      if (!contains(subnet, ip) || ip === subnet.base || ip === last) throw invalidArgument(`no configured subnet or ip-range contain the IP address ${wanted}`);
      if (used.has(ip)) throw new EngineError("Forbidden", `Address already in use`, { object: wanted });
      used.add(ip);
      return { ip: wanted, prefixLen: subnet.bits, gateway: pool.gateway };
    }
    const range = pool.ipRange ? parseCidr(pool.ipRange)! : subnet;
    const lo = Math.max(range.base, subnet.base + 1);
    const hi = Math.min(range.base + size(range) - 1, last - 1);
    const count = hi - lo + 1;
    const start = this.cursor.get(net.id) ?? lo;
    for (let i = 0; i < count; i++) {
      const ip = lo + ((start - lo + i) % count);
      if (used.has(ip)) continue;
      used.add(ip);
      this.cursor.set(net.id, ip + 1 > hi ? lo : ip + 1);
      return { ip: formatIp(ip), prefixLen: subnet.bits, gateway: pool.gateway };
    }
    throw new EngineError("Forbidden", `no available IPv4 addresses on this network's address pools: ${net.name} (${net.id})`);
  }

  /** Marks an address a running container already holds (live restore). */
  reserve(net: NetworkRecord, ip: string): void {
    const n = parseIp(ip);
    if (n !== undefined) this.set(net).add(n);
  }

  release(net: NetworkRecord, ip: string | undefined): void {
    const n = ip ? parseIp(ip) : undefined;
    if (n !== undefined) this.used.get(net.id)?.delete(n);
  }

  forget(networkId: string): void {
    this.used.delete(networkId);
    this.cursor.delete(networkId);
  }
}
