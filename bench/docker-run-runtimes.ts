// docker run per OCI runtime: `docker run --rm --runtime R busybox true` through the real docker CLI 28 against one
// wharfd for R = wharf (wharf-runtime), runc and crun, and the harness dockerd 20.10 (containerd + runc) as the
// reference, all taking turns in every round after one untimed warm-up each. Shows what --runtime costs end to end
// (the engine path is the same; only the shim's runtime differs). crun 1.8.1 needs hugetlb mounted as a v1
// hierarchy on this hybrid host, so it is mounted for the run and unmounted after (host-notes.md).
//   node --import tsx bench/docker-run-runtimes.ts [runs=20]
import { rmdirSync } from "node:fs";
import { prepareHostForCrun } from "../native/tests/lib/hugetlb-for-crun.js";
import { dockerCli, pushFixtures } from "../tests/harness/index.js";
import { median, runMain, startEngines } from "./lib/side-by-side.js";

const runs = Number(process.argv[2] ?? 20);

async function main(): Promise<void> {
  const { registry, wharfd, dockerd, stop } = await startEngines();
  const undo = prepareHostForCrun();
  try {
    const ref = (await pushFixtures(registry.host)).busybox.reference;
    const w = { DOCKER_HOST: wharfd.dockerHost, DOCKER_CONFIG: wharfd.dir };
    const cases = [
      ...["wharf", "runc", "crun"].map((rt) => ({ name: `wharfd --runtime ${rt}`, env: w, args: ["--runtime", rt], times: [] as number[] })),
      { name: "dockerd (runc)", env: dockerd.env, args: [] as string[], times: [] as number[] },
    ];
    for (const c of cases) {
      const warm = await dockerCli(c.env, ["run", "--rm", ...c.args, ref, "true"]);
      if (warm.code !== 0) throw new Error(`${c.name} warm-up: ${warm.stderr}`);
    }
    for (let i = 0; i < runs; i++) {
      for (const c of cases) {
        const t0 = process.hrtime.bigint();
        const r = await dockerCli(c.env, ["run", "--rm", ...c.args, ref, "true"]);
        c.times.push(Number(process.hrtime.bigint() - t0) / 1e6);
        if (r.code !== 0) throw new Error(`${c.name} run: ${r.stderr}`);
      }
    }
    const dockerdMedian = median(cases[3]!.times);
    const rows = cases.map((c) => ({ case: c.name, medianMs: Math.round(median(c.times)), ratioToDockerd: Number((median(c.times) / dockerdMedian).toFixed(2)), runsMs: c.times.map(Math.round) }));
    process.stdout.write(`${JSON.stringify({ image: ref, runs, rows }, null, 2)}\n`);
  } finally {
    // crun leaves the empty /wharf parent in hugetlb; without rmdir the unmounted hierarchy lives on (host-notes.md).
    try {
      rmdirSync("/sys/fs/cgroup/hugetlb/wharf");
    } catch {
      /* not there, or in use */
    }
    undo();
    await stop();
  }
}

runMain(main);
