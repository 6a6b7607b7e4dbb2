// docker ps benchmark (issue 5): `docker ps -a` through the real docker CLI 28 with `count` containers created
// (not started) on wharfd and on a real harness dockerd 20.10, the two engines taking turns in every round.
// Containers are created through each engine's API (dockerode, 8 at a time), untimed. Every listing must show
// exactly `count` rows (the bench exits 1 otherwise). Prints every run, the medians and the wharfd/dockerd ratio,
// plus the median of the bare API call (GET /containers/json?all=1) to separate engine time from CLI time.
// Target: ratio ≤ 1 (no slower than dockerd).
//   node --import tsx bench/container-ps.ts [count=1000] [runs=20]      # as root; docker.io, docker-registry (apt)
import Docker from "dockerode";
import { dockerCli, pushFixtures } from "../tests/harness/index.js";
import { median, runMain, startEngines } from "./lib/side-by-side.js";

const COUNT = Number(process.argv[2] ?? 1000);
const RUNS = Number(process.argv[3] ?? 20);
const CONCURRENCY = 8;


async function pull(docker: Docker, ref: string): Promise<void> {
  await new Promise<void>((resolve, reject) =>
    docker.pull(ref, (err: Error | null, stream: NodeJS.ReadableStream) => (err ? reject(err) : docker.modem.followProgress(stream, (e: Error | null) => (e ? reject(e) : resolve())))),
  );
}

async function createMany(docker: Docker, ref: string): Promise<number> {
  const t0 = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < COUNT) {
        const i = next++;
        await docker.createContainer({ name: `ps-${String(i).padStart(4, "0")}`, Image: ref, Cmd: ["true"], Labels: { bench: "ps", n: String(i) } });
      }
    }),
  );
  return performance.now() - t0;
}

async function main(): Promise<void> {
  const { registry, wharfd, dockerd, stop } = await startEngines();
  try {
    const ref = (await pushFixtures(registry.host)).busybox.reference;
    const engines = [
      { name: "wharfd", env: { DOCKER_HOST: wharfd.dockerHost, DOCKER_CONFIG: wharfd.dir }, api: new Docker({ socketPath: wharfd.socketPath }), cli: [] as number[], apiMs: [] as number[], createMs: 0 },
      { name: "dockerd", env: dockerd.env, api: new Docker({ socketPath: dockerd.socketPath }), cli: [] as number[], apiMs: [] as number[], createMs: 0 },
    ];
    for (const e of engines) {
      await pull(e.api, ref);
      e.createMs = await createMany(e.api, ref);
      const warm = await dockerCli(e.env, ["ps", "-a"]);
      if (warm.code !== 0) throw new Error(`${e.name} ps: ${warm.stderr}`);
    }
    for (let i = 0; i < RUNS; i++) {
      for (const e of engines) {
        const t0 = process.hrtime.bigint();
        const r = await dockerCli(e.env, ["ps", "-a"]);
        e.cli.push(Number(process.hrtime.bigint() - t0) / 1e6);
        const rows = r.stdout.split("\n").filter(Boolean).length - 1;
        if (r.code !== 0 || rows !== COUNT) throw new Error(`${e.name} ps -a: code ${r.code}, ${rows} rows, ${r.stderr}`);
        const t1 = process.hrtime.bigint();
        const list = await e.api.listContainers({ all: true });
        e.apiMs.push(Number(process.hrtime.bigint() - t1) / 1e6);
        if (list.length !== COUNT) throw new Error(`${e.name} API list: ${list.length} containers`);
      }
    }
    const [w, d] = engines;
    const round = (x: number) => Math.round(x * 10) / 10;
    process.stdout.write(
      `${JSON.stringify(
        {
          containers: COUNT,
          runs: RUNS,
          createSeconds: { wharfd: round(w!.createMs / 1000), dockerd: round(d!.createMs / 1000) },
          wharfdMs: w!.cli.map(Math.round),
          dockerdMs: d!.cli.map(Math.round),
          medianPsWharfdMs: round(median(w!.cli)),
          medianPsDockerdMs: round(median(d!.cli)),
          ratio: Number((median(w!.cli) / median(d!.cli)).toFixed(2)),
          medianApiListWharfdMs: round(median(w!.apiMs)),
          medianApiListDockerdMs: round(median(d!.apiMs)),
          apiRatio: Number((median(w!.apiMs) / median(d!.apiMs)).toFixed(2)),
        },
        null,
        2,
      )}\n`,
    );
  } finally {
    // Created containers own no mounts or processes: stopping the daemons and removing their dirs is the cleanup.
    await stop();
  }
}

runMain(main);
