// Container list benchmark (issue 7):   node --import tsx bench/container-list.ts [count=2000] [runs=15] [environments=1]
// As root; needs docker.io and docker-registry (apt).
//
// Creates `count` containers (docker create, 16 at a time, through the Engine API on the daemon's socket) on a
// real harness dockerd 20.10, registers that dockerd as a TCP+TLS environment in a fresh migrated database,
// then times the control plane's list service — the code behind the `container.list` procedure — for:
//   cold first page (cache dropped: includes GET /containers/json?all=1 over TLS and the translation),
//   warm first page (the environment's list cached), a deep page, filters (state + label), search, and
//   grouping by compose project sorted by creation time.
// Prints the create time and the median/p95 of each (server time). It checks the answers are right and
// exits 1 otherwise; it asserts nothing about speed. Everything it starts is stopped and removed.
// With environments=N > 1 the same dockerd is registered N times (N environment rows, N separate clients,
// caches and fetches), so the list spans N × count containers across N environments — the shape of the
// design target "10,000 containers across 10 environments" without running 10 daemons.
import { readFileSync } from "node:fs";
import Docker from "dockerode";
import { pushFixtures, startDockerd, startRegistry } from "../tests/harness/index.js";
import { migratedDatabases } from "../server/db/migrated-test-database";
import { saveEnvironment } from "../server/services/environments/save-environment";
import { listContainers } from "../server/services/containers/list-containers";
import { invalidateContainers } from "../server/services/containers/container-list-cache";
import { containerQuerySchema, type ContainerQuery } from "../server/services/containers/query-containers";

const COUNT = Number(process.argv[2] ?? 2000);
const RUNS = Number(process.argv[3] ?? 15);
const ENVIRONMENTS = Number(process.argv[4] ?? 1);
const CONCURRENCY = 16;
const PROJECTS = 20;

function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

function check(condition: boolean, what: string): void {
  if (!condition) throw new Error(`wrong answer: ${what}`);
}

const registry = await startRegistry();
const dockerd = await startDockerd({ tcpTls: true, iptables: false });
const databases = migratedDatabases();
let failed = false;
try {
  const { busybox } = await pushFixtures(registry.host);
  const docker = new Docker({ socketPath: dockerd.socketPath });
  await new Promise<void>((resolve, reject) =>
    docker.pull(busybox.reference, (err: Error | null, stream: NodeJS.ReadableStream) =>
      err ? reject(err) : docker.modem.followProgress(stream, (e: Error | null) => (e ? reject(e) : resolve())),
    ),
  );

  const createStarted = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < COUNT) {
        const i = next++;
        await docker.createContainer({
          name: `bench-${String(i).padStart(4, "0")}`,
          Image: busybox.reference,
          Cmd: ["true"],
          Labels: { "com.docker.compose.project": `proj-${i % PROJECTS}`, tier: i % 2 ? "web" : "db" },
        });
      }
    }),
  );
  const createMs = performance.now() - createStarted;
  process.stdout.write(`created ${COUNT} containers in ${(createMs / 1000).toFixed(1)} s (${(createMs / COUNT).toFixed(1)} ms each, ${CONCURRENCY} concurrent)\n`);

  const db = databases.open(databases.createUrl());
  const tcp = dockerd.tcp!;
  const environmentIds: string[] = [];
  for (let e = 0; e < ENVIRONMENTS; e++) {
    const { id } = await saveEnvironment(db, null, {
      name: `bench-${e}`,
      kind: "tls",
      url: `tcp://${tcp.host}:${tcp.port}`,
      tlsCa: readFileSync(tcp.ca, "utf8"),
      tlsCert: readFileSync(tcp.cert, "utf8"),
      tlsKey: readFileSync(tcp.key, "utf8"),
      sshKey: "",
      allowUnreachable: false,
    }, { getKey: () => Buffer.alloc(32, 1) });
    environmentIds.push(id);
  }
  (globalThis as { wharfCredentialsKey?: Buffer }).wharfCredentialsKey = Buffer.alloc(32, 1);
  const TOTAL = COUNT * ENVIRONMENTS;
  process.stdout.write(`listing ${TOTAL} containers across ${ENVIRONMENTS} environment(s), ${RUNS} runs each\n`);

  const q = (over: Partial<ContainerQuery>) => containerQuerySchema.parse(over);
  const cases: Array<{ name: string; query: ContainerQuery; cold?: boolean; verify: (r: Awaited<ReturnType<typeof listContainers>>) => void }> = [
    {
      name: "first page, cold (fetch over TLS)",
      query: q({}),
      cold: true,
      verify: (r) => check(r.total === TOTAL && r.items[0]!.name === "bench-0000" && r.items.length === 25, "first page"),
    },
    { name: "first page, warm", query: q({}), verify: (r) => check(r.items[24]!.name === `bench-${String(Math.floor(24 / ENVIRONMENTS)).padStart(4, "0")}`, "warm first page") },
    {
      name: "page 40 of 50-per-page",
      query: q({ page: 40, pageSize: 50 }),
      verify: (r) => check(r.items[0]!.name === `bench-${String(Math.floor((39 * 50) / ENVIRONMENTS)).padStart(4, "0")}` || COUNT < 2000, "deep page"),
    },
    {
      name: "filter state=created + label",
      query: q({ states: ["created"], label: "com.docker.compose.project=proj-3" }),
      verify: (r) => check(r.total === Math.ceil((COUNT - 3) / PROJECTS) * ENVIRONMENTS, "label filter count"),
    },
    { name: "search 'bench-19'", query: q({ search: "bench-19" }), verify: (r) => check(r.total === Math.min(100, Math.max(0, COUNT - 1900)) * ENVIRONMENTS, "search count") },
    {
      name: "group by project, newest first",
      query: q({ groupByProject: true, sort: "created", direction: "desc" }),
      verify: (r) => check(r.items[0]!.composeProject === "proj-0" && r.projects.length === PROJECTS, "grouping"),
    },
  ];

  for (const c of cases) {
    const times: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      if (c.cold) for (const id of environmentIds) invalidateContainers(id);
      const started = performance.now();
      const result = await listContainers(db, { ...c.query, environmentIds });
      times.push(performance.now() - started);
      c.verify(result);
    }
    process.stdout.write(`${c.name.padEnd(40)} median ${quantile(times, 0.5).toFixed(1).padStart(7)} ms   p95 ${quantile(times, 0.95).toFixed(1).padStart(7)} ms\n`);
  }
} catch (error) {
  failed = true;
  process.stderr.write(`${(error as Error).stack ?? error}\n`);
} finally {
  await databases.cleanup();
  await dockerd.stop();
  await registry.stop();
}
process.exit(failed ? 1 : 0);
