// wharfd's firewall: ONE nft table per daemon (`inet wharf_<default bridge>`) that the daemon owns entirely. Every
// change regenerates the whole table and swaps it in one atomic `nft -f` transaction, so start-up repair is the
// same operation as any update, and no rule of anybody else (dockerd's iptables-nft chains, other wharfds) is
// ever read or touched. Never iptables-legacy (host-notes.md).
//
// Caveat (documented in README.md): a packet dropped by ANY nft base chain is dropped. dockerd with iptables sets
// the iptables-nft `filter FORWARD` policy to DROP while it runs, and with br_netfilter (bridge-nf-call-iptables=1
// here) that also drops bridged traffic between containers on OUR bridges. We never edit dockerd's chains.
import { execFile } from "node:child_process";

export interface FirewallBridge {
  name: string;
  subnet: string;
  internal: boolean;
}

export interface FirewallPort {
  proto: "tcp" | "udp" | "sctp";
  /** "" or "0.0.0.0" for every host address. */
  hostIp: string;
  hostPort: number;
  containerIp: string;
  containerPort: number;
}

export interface FirewallState {
  bridges: FirewallBridge[];
  ports: FirewallPort[];
}

export function tableName(defaultBridge: string): string {
  return `wharf_${defaultBridge.replace(/[^A-Za-z0-9_]/g, "_")}`;
}

const q = (s: string) => `"${s}"`;

/** The table's full text (the `nft -f` syntax). Pure: unit-tested. */
export function renderTable(table: string, s: FirewallState): string {
  const all = s.bridges.map((b) => q(b.name));
  const set = `{ ${all.join(", ")} }`;
  const forward: string[] = [];
  const postrouting: string[] = [];
  const ports: string[] = [];
  // Published ports reached through DNAT are allowed across networks (a container reaching another's published port
  // via the host address); everything else between two of our bridges is dropped (inter-network isolation).
  // --internal bridges first: nothing leaves or enters them, not even DNATed traffic (as dockerd's isolation rules).
  for (const b of s.bridges.filter((x) => x.internal)) forward.push(`iifname ${q(b.name)} oifname != ${q(b.name)} drop`, `oifname ${q(b.name)} iifname != ${q(b.name)} drop`);
  if (all.length) forward.push("ct status dnat accept");
  for (const b of s.bridges) {
    if (b.internal) continue;
    if (all.length > 1) forward.push(`iifname ${q(b.name)} oifname != ${q(b.name)} oifname ${set} drop`);
    // Outbound NAT; and hairpin: DNATed traffic from a container back into its own bridge is masqueraded so the
    // reply returns through the host's conntrack entry.
    postrouting.push(`ip saddr ${b.subnet} oifname != ${q(b.name)} masquerade`);
    postrouting.push(`oifname ${q(b.name)} ct status dnat ip saddr ${b.subnet} masquerade`);
  }
  if (all.length) {
    // Host clients of 127.0.0.1:port: route_localnet on the bridge lets the packet out, this rewrites its source.
    postrouting.push(`oifname ${set} ip saddr 127.0.0.0/8 masquerade`);
  }
  for (const p of s.ports) {
    const daddr = p.hostIp && p.hostIp !== "0.0.0.0" ? `ip daddr ${p.hostIp} ` : "";
    ports.push(`${daddr}${p.proto} dport ${p.hostPort} dnat ip to ${p.containerIp}:${p.containerPort}`);
  }
  const chain = (name: string, hook: string, lines: string[]) =>
    `  chain ${name} {\n    ${hook}\n${lines.map((l) => `    ${l}\n`).join("")}  }\n`;
  return [
    `table inet ${table} {\n`,
    chain("forward", "type filter hook forward priority filter; policy accept;", forward),
    chain("prerouting", "type nat hook prerouting priority dstnat; policy accept;", ports.length ? ["fib daddr type local jump published"] : []),
    chain("output", "type nat hook output priority -100; policy accept;", ports.length ? ["fib daddr type local jump published"] : []),
    chain("postrouting", "type nat hook postrouting priority srcnat; policy accept;", postrouting),
    chain("published", "", ports).replace("    \n", ""),
    "}\n",
  ].join("");
}

function nft(input: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = execFile("nft", ["-f", "-"], (err, _o, stderr) => (err ? reject(new Error(`nft: ${stderr.trim() || err.message}`)) : resolve()));
    child.stdin!.end(input);
  });
}

/** Replaces the table atomically (create-if-missing, delete, re-add in one transaction). */
export function applyTable(table: string, s: FirewallState): Promise<void> {
  return nft(`table inet ${table}\ndelete table inet ${table}\n${renderTable(table, s)}`);
}

export function deleteTable(table: string): Promise<void> {
  return nft(`table inet ${table}\ndelete table inet ${table}\n`);
}
