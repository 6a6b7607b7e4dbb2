// Recording and undoing what a dockerd we started did to the firewall. dockerd 20.10 (libnetwork bridge
// driver) creates the filter chains DOCKER, DOCKER-USER, DOCKER-ISOLATION-STAGE-1/2 and the nat chain DOCKER,
// inserts jumps into FORWARD/PREROUTING/OUTPUT/POSTROUTING, sets net.ipv4.ip_forward=1 and, when it had to turn
// forwarding on, the FORWARD policy to DROP. We snapshot all of that before start and remove only what appeared.
// Only the nft backend is ever used (iptables-nft*): iptables-legacy tables cannot be removed on this kernel.
import { readFileSync, writeFileSync } from "node:fs";
import { HarnessError } from "./harness-error.js";
import { harnessLog } from "./harness-log.js";
import { runChecked, runCommand } from "./run-command.js";

export const FIREWALL_TABLES = ["filter", "nat"] as const;
export type FirewallTable = (typeof FIREWALL_TABLES)[number];

const BUILTIN_CHAINS = new Set(["INPUT", "FORWARD", "OUTPUT", "PREROUTING", "POSTROUTING"]);
const IP_FORWARD = "/proc/sys/net/ipv4/ip_forward";

export interface TableState {
  /** Whether `nft list tables` showed `table ip <name>`. */
  exists: boolean;
  /** Chain name → policy ("-" for user chains). */
  chains: Map<string, string>;
  /** "-A CHAIN ..." lines exactly as iptables-nft-save prints them. */
  rules: string[];
}

export interface FirewallState {
  tables: Record<FirewallTable, TableState>;
  ipForward: string;
}

/** Fails unless `iptables` on PATH (the one dockerd runs) is the nft variant. */
export async function assertIptablesNft(): Promise<void> {
  const r = await runCommand("iptables", ["--version"]);
  if (r.code !== 0 || !r.stdout.includes("nf_tables")) {
    throw new HarnessError("Unavailable", `iptables is not the nft variant (${r.stdout.trim()}); refusing to let dockerd create legacy tables`, {
      object: "iptables",
    });
  }
}

export async function captureFirewall(): Promise<FirewallState> {
  const nftTables = await runChecked("nft", ["list", "tables"]);
  const tables = {} as Record<FirewallTable, TableState>;
  for (const t of FIREWALL_TABLES) {
    const exists = nftTables.split("\n").some((l) => l.trim() === `table ip ${t}`);
    tables[t] = exists ? parseSave(await runChecked("iptables-nft-save", ["-t", t])) : { exists, chains: new Map(), rules: [] };
    tables[t].exists = exists;
  }
  return { tables, ipForward: readFileSync(IP_FORWARD, "utf8").trim() };
}

function parseSave(text: string): TableState {
  const chains = new Map<string, string>();
  const rules: string[] = [];
  for (const line of text.split("\n")) {
    const chain = /^:(\S+) (\S+)/.exec(line);
    if (chain?.[1] && chain[2]) chains.set(chain[1], chain[2]);
    else if (line.startsWith("-A ")) rules.push(line);
  }
  return { exists: true, chains, rules };
}

/** What marks a rule or chain as ours. */
export interface FirewallOwnership {
  /** Our bridge names (the default bridge and those of networks the dockerd created). */
  bridges: readonly string[];
  /** Our subnets (CIDR); a rule naming an address inside one is ours (container DNAT/MASQUERADE rules). */
  subnets: readonly string[];
  /** True when no dockerd is left on the host: the DOCKER* chains and the jumps into them are ours too. */
  dockerChains: boolean;
}

const toInt = (ip: string) => ip.split(".").reduce((n, o) => n * 256 + Number(o), 0);

function inSubnet(token: string, cidr: string): boolean {
  const ip = /^(\d+\.\d+\.\d+\.\d+)/.exec(token)?.[1];
  const [net, bits] = cidr.split("/");
  if (!ip || !net) return false;
  const size = 2 ** (32 - Number(bits ?? 32));
  return Math.floor(toInt(ip) / size) === Math.floor(toInt(net) / size);
}

/** Whether an iptables-save line (a rule, or a ":CHAIN policy" declaration) belongs to us under `own`. */
export function isOwnedRule(rule: string, own: FirewallOwnership): boolean {
  return rule.split(" ").map((tok) => tok.replace(/^:/, "")).some(
    (tok) =>
      (own.dockerChains && tok.startsWith("DOCKER")) ||
      own.bridges.includes(tok) ||
      own.subnets.some((s) => inSubnet(tok.replace(/^.*=/, ""), s)),
  );
}

/**
 * Removes the rules that appeared since `before` and are ours under `own`; never a rule that was there before
 * or that names nothing of ours (another program's rules stay). With `own.dockerChains`, also removes the
 * DOCKER* chains that appeared, restores the builtin chains' policies (dockerd sets FORWARD to DROP) and
 * ip_forward, and deletes nft tables that did not exist before when they are left empty.
 */
export async function restoreFirewall(before: FirewallState, own: FirewallOwnership): Promise<void> {
  const now = await captureFirewall();
  for (const t of FIREWALL_TABLES) {
    const was = before.tables[t];
    const is = now.tables[t];
    if (!is.exists) continue;
    const wasRules = new Set(was.rules);
    const newRules = is.rules.filter((r) => !wasRules.has(r) && isOwnedRule(r, own));
    const newChains = own.dockerChains
      ? [...is.chains.keys()].filter((c) => !was.chains.has(c) && c.startsWith("DOCKER"))
      : [];
    const lines = [`*${t}`];
    // Rules in builtin chains first, so the user chains lose their references before -X.
    const order = (r: string) => (BUILTIN_CHAINS.has(r.split(" ")[1] ?? "") ? 0 : 1);
    for (const r of [...newRules].sort((a, b) => order(a) - order(b))) lines.push(`-D${r.slice(2)}`);
    for (const c of newChains) lines.push(`-F ${c}`);
    for (const c of newChains) lines.push(`-X ${c}`);
    lines.push("COMMIT", "");
    if (lines.length > 3) {
      const r = await runCommand("iptables-nft-restore", ["--noflush"], { input: lines.join("\n") });
      if (r.code !== 0) harnessLog.warn({ table: t, script: lines, stderr: r.stderr.trim() }, "cannot restore firewall");
    }
    if (own.dockerChains) {
      for (const [chain, policy] of is.chains) {
        const old = was.chains.get(chain) ?? "ACCEPT";
        if (BUILTIN_CHAINS.has(chain) && policy !== old) await runCommand("iptables-nft", ["-t", t, "-P", chain, old]);
      }
      if (!was.exists) await deleteTableIfEmpty(t);
    }
  }
  if (own.dockerChains && readFileSync(IP_FORWARD, "utf8").trim() !== before.ipForward) {
    writeFileSync(IP_FORWARD, `${before.ipForward}\n`);
  }
}

async function deleteTableIfEmpty(t: FirewallTable): Promise<void> {
  const state = parseSave(await runChecked("iptables-nft-save", ["-t", t]));
  const onlyDefaults =
    state.rules.length === 0 &&
    [...state.chains].every(([chain, policy]) => BUILTIN_CHAINS.has(chain) && policy === "ACCEPT");
  if (onlyDefaults) await runCommand("nft", ["delete", "table", "ip", t]);
}

/** iptables-nft-save lines (rules and chain declarations, counters dropped). */
export async function firewallLines(): Promise<string[]> {
  const save = await runCommand("iptables-nft-save", []);
  return save.stdout
    .split("\n")
    .filter((l) => l !== "" && !l.startsWith("#"))
    .map((l) => l.replace(/ \[\d+:\d+\]$/, ""));
}

/** Lines that appeared since `before` and belong to a dockerd: DOCKER* chains and jumps, or naming one of
 * `names` (bridges) or an address in `subnets`. Other programs' rules (tests may run beside others) are ignored. */
export async function dockerFirewallLeftovers(before: readonly string[], names: readonly string[], subnets: readonly string[]) {
  const was = new Set(before);
  return (await firewallLines()).filter(
    (l) => !was.has(l) && isOwnedRule(l, { bridges: names, subnets, dockerChains: true }),
  );
}
