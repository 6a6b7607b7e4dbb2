// Picks an IPv4 /24 for a harness bridge that overlaps no address or route on the host (so two harness
// dockerds, a system dockerd and the engine under test never share a subnet).
import { randomInt } from "node:crypto";
import { HarnessError } from "./harness-error.js";
import { runChecked } from "./run-command.js";

const toInt = (ip: string) => ip.split(".").reduce((n, o) => n * 256 + Number(o), 0);

function range(cidr: string): [number, number] | undefined {
  const m = /^(\d+\.\d+\.\d+\.\d+)(?:\/(\d+))?$/.exec(cidr);
  if (!m?.[1]) return undefined;
  const bits = Number(m[2] ?? 32);
  const size = 2 ** (32 - bits);
  const start = Math.floor(toInt(m[1]) / size) * size;
  return [start, start + size - 1];
}

/** Prefixes in use: every route destination and interface address on the host. */
async function usedRanges(): Promise<[number, number][]> {
  const routes = await runChecked("ip", ["-4", "route", "show", "table", "all"]);
  const addrs = await runChecked("ip", ["-o", "-4", "addr", "show"]);
  const cidrs = [
    ...routes.split("\n").map((l) => l.split(" ")[0] ?? ""),
    ...routes.split("\n").map((l) => /^(?:local|broadcast) (\S+)/.exec(l)?.[1] ?? ""),
    ...addrs.split("\n").map((l) => /inet (\S+)/.exec(l)?.[1] ?? ""),
  ];
  return cidrs.map(range).filter((r): r is [number, number] => r !== undefined && r[1] - r[0] < 2 ** 31);
}

/** Returns e.g. { subnet: "10.213.47.0/24", gateway: "10.213.47.1/24" } from 10.200.0.0–10.254.255.0. */
export async function pickFreeSubnet(): Promise<{ subnet: string; gateway: string }> {
  const used = await usedRanges();
  for (let i = 0; i < 200; i++) {
    const prefix = `10.${randomInt(200, 255)}.${randomInt(0, 256)}`;
    const [lo, hi] = range(`${prefix}.0/24`) as [number, number];
    if (used.every(([a, b]) => b < lo || a > hi)) return { subnet: `${prefix}.0/24`, gateway: `${prefix}.1/24` };
  }
  throw new HarnessError("Unavailable", "no free /24 in 10.200.0.0/8 range", { object: "bridge subnet" });
}
