// docker run benchmark: `docker run --rm busybox true` through the real docker CLI 28, wharfd and a real dockerd
// 20.10 taking turns in every round, the busybox fixture pulled once from a loopback registry first. Timed end to
// end as the user sees it (create → attach → wait → start → exit → remove). Prints each run, the medians and the
// wharfd/dockerd ratio. Target: ratio ≤ 1/3.
//   node --import tsx bench/docker-run.ts [runs=30]
import { dockerCli, pushFixtures } from "../tests/harness/index.js";
import { median, runMain, startEngines } from "./lib/side-by-side.js";

const runs = Number(process.argv[2] ?? 30);


async function main(): Promise<void> {
  const { registry, wharfd, dockerd, stop } = await startEngines();
  try {
    const fixtures = await pushFixtures(registry.host);
    const ref = fixtures.busybox.reference;
    const engines = [
      { name: "wharfd", env: { DOCKER_HOST: wharfd.dockerHost, DOCKER_CONFIG: wharfd.dir }, times: [] as number[] },
      { name: "dockerd", env: dockerd.env, times: [] as number[] },
    ];
    for (const e of engines) {
      const warm = await dockerCli(e.env, ["run", "--rm", ref, "true"]); // pulls, and warms caches
      if (warm.code !== 0) throw new Error(`${e.name} warm-up: ${warm.stderr}`);
    }
    for (let i = 0; i < runs; i++) {
      for (const e of engines) {
        const t0 = process.hrtime.bigint();
        const r = await dockerCli(e.env, ["run", "--rm", ref, "true"]);
        const ms = Number(process.hrtime.bigint() - t0) / 1e6;
        if (r.code !== 0) throw new Error(`${e.name} run: ${r.stderr}`);
        e.times.push(ms);
      }
    }
    const [w, d] = engines.map((e) => median(e.times));
    process.stdout.write(
      `${JSON.stringify({ image: ref, runs, wharfdMs: engines[0]!.times.map(Math.round), dockerdMs: engines[1]!.times.map(Math.round), medianWharfdMs: Math.round(w!), medianDockerdMs: Math.round(d!), ratio: Number((w! / d!).toFixed(2)) }, null, 2)}\n`,
    );
  } finally {
    await stop();
  }
}

runMain(main);
