// IPv4 addresses and CIDR prefixes as 32-bit numbers: parsing with Docker's error texts, containment and overlap.
import { invalidArgument } from "../errors.js";

export interface Prefix {
  /** Network address (host bits zero). */
  base: number;
  bits: number;
}

export function parseIp(text: string): number | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (!m) return undefined;
  const o = m.slice(1).map(Number);
  if (o.some((x) => x > 255)) return undefined;
  return ((o[0]! << 24) >>> 0) + (o[1]! << 16) + (o[2]! << 8) + o[3]!;
}

export function formatIp(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join(".");
}

export function size(p: Prefix): number {
  return 2 ** (32 - p.bits);
}

/** "10.1.0.0/16" → prefix; the address may have host bits set (a gateway CIDR like --bip), `addr` keeps them. */
export function parseCidr(text: string): (Prefix & { addr: number }) | undefined {
  const m = /^([\d.]+)\/(\d{1,2})$/.exec(text);
  if (!m) return undefined;
  const addr = parseIp(m[1]!);
  const bits = Number(m[2]);
  if (addr === undefined || bits > 32) return undefined;
  const s = 2 ** (32 - bits);
  return { base: Math.floor(addr / s) * s, bits, addr };
}

/** Docker's 400 for a bad `--subnet` etc.: `Invalid subnet x : invalid CIDR address: x` (libnetwork's wording). */
export function mustParseCidr(text: string, what = "subnet"): Prefix & { addr: number } {
  const p = parseCidr(text);
  if (!p) throw invalidArgument(`Invalid ${what} ${text} : invalid CIDR address: ${text}`);
  return p;
}

export function formatCidr(p: Prefix): string {
  return `${formatIp(p.base)}/${p.bits}`;
}

export function contains(p: Prefix, ip: number): boolean {
  return ip >= p.base && ip < p.base + size(p);
}

export function overlaps(a: Prefix, b: Prefix): boolean {
  return a.base < b.base + size(b) && b.base < a.base + size(a);
}
