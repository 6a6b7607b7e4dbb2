// The host state before any dockerd ran, shared by every test process on this machine, so that whichever
// harness dockerd stops last — in this process or another vitest run beside it — restores the firewall,
// ip_forward and host paths to what they were, not to a state that already held another dockerd's chains.
// Stored in one JSON file; written when a harness dockerd starts while no dockerd at all runs on the host,
// deleted when the last one stops.
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { captureFirewall, FIREWALL_TABLES, type FirewallState, type FirewallTable, type TableState } from "./host-firewall.js";
import { listProcesses } from "./host-processes.js";

export const HOST_BASELINE_FILE = "/tmp/wharf-harness-host-baseline.json";

export interface HostBaseline {
  firewall: FirewallState;
  /** Which of the watched host paths existed. */
  hostPaths: Set<string>;
}

interface StoredBaseline {
  firewall: { ipForward: string; tables: Record<FirewallTable, { exists: boolean; chains: [string, string][]; rules: string[] }> };
  hostPaths: string[];
}

export const isDockerdRunning = () => listProcesses().some((p) => p.comm === "dockerd");

/**
 * The baseline for a dockerd about to start: a fresh capture (also stored) when no dockerd runs; otherwise the
 * stored one; otherwise (a dockerd the harness did not start) a fresh capture, which then counts its chains
 * as not ours.
 */
export async function recordHostBaseline(watchedPaths: readonly string[]): Promise<HostBaseline> {
  if (!isDockerdRunning()) {
    const fresh = await capture(watchedPaths);
    writeFileSync(HOST_BASELINE_FILE, JSON.stringify(store(fresh)));
    return fresh;
  }
  return readHostBaseline() ?? (await capture(watchedPaths));
}

export function readHostBaseline(): HostBaseline | undefined {
  if (!existsSync(HOST_BASELINE_FILE)) return undefined;
  try {
    const s = JSON.parse(readFileSync(HOST_BASELINE_FILE, "utf8")) as StoredBaseline;
    const tables = {} as Record<FirewallTable, TableState>;
    for (const t of FIREWALL_TABLES) {
      const st = s.firewall.tables[t];
      tables[t] = { exists: st.exists, chains: new Map(st.chains), rules: st.rules };
    }
    return { firewall: { ipForward: s.firewall.ipForward, tables }, hostPaths: new Set(s.hostPaths) };
  } catch {
    return undefined; // half-written by a concurrent start: the caller falls back to its own capture
  }
}

/** Called once no dockerd runs any more and the host has been restored. */
export function forgetHostBaseline(): void {
  rmSync(HOST_BASELINE_FILE, { force: true });
}

async function capture(watchedPaths: readonly string[]): Promise<HostBaseline> {
  return { firewall: await captureFirewall(), hostPaths: new Set(watchedPaths.filter((p) => existsSync(p))) };
}

function store(b: HostBaseline): StoredBaseline {
  const tables = {} as StoredBaseline["firewall"]["tables"];
  for (const t of FIREWALL_TABLES) {
    const st = b.firewall.tables[t];
    tables[t] = { exists: st.exists, chains: [...st.chains], rules: st.rules };
  }
  return { firewall: { ipForward: b.firewall.ipForward, tables }, hostPaths: [...b.hostPaths] };
}
