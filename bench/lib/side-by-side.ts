// What every side-by-side benchmark shares: the engines it compares (a loopback registry, a wharfd and a harness
// dockerd 20.10, started together and always stopped together), the median, and how a run reports a failure.
import { type Dockerd, type Registry, startDockerd, startRegistry } from "../../tests/harness/index.js";
import { startWharfd, type Wharfd } from "../../engine/tests/lib/start-wharfd.js";

export const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

export interface BenchEngines {
  registry: Registry;
  wharfd: Wharfd;
  dockerd: Dockerd;
  /** Stops all three and removes wharfd's dirs (the harness removes dockerd's and the registry's). */
  stop(): Promise<void>;
}

export async function startEngines(): Promise<BenchEngines> {
  const registry = await startRegistry();
  const [wharfd, dockerd] = await Promise.all([startWharfd(), startDockerd({ iptables: false })]);
  return {
    registry,
    wharfd,
    dockerd,
    async stop() {
      await Promise.all([wharfd.stop(), dockerd.stop(), registry.stop()]);
      wharfd.cleanup();
    },
  };
}

/** Runs a benchmark's main; a failure is printed with its stack and the process exits 1. */
export function runMain(main: () => Promise<void>): void {
  main().catch((err) => {
    process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
    process.exitCode = 1;
  });
}
