// docker exec benchmark: `docker exec c true` and `docker exec -t c true` through the real docker CLI 28 into a
// running busybox container, wharfd (one wharf-shim exec per exec) and a real dockerd 20.10 taking turns in every
// round. Timed end to end as the user sees it (create → start/attach → exit code). Prints each run, the medians
// and the wharfd/dockerd ratios.
//   node --import tsx bench/docker-exec.ts [runs=30]
import { dockerCli, pushFixtures } from "../tests/harness/index.js";
import { median, runMain, startEngines } from "./lib/side-by-side.js";

const runs = Number(process.argv[2] ?? 30);


async function main(): Promise<void> {
  const { registry, wharfd, dockerd, stop } = await startEngines();
  const name = `bench-exec-${process.pid}`;
  const engines = [
    { name: "wharfd", env: { DOCKER_HOST: wharfd.dockerHost, DOCKER_CONFIG: wharfd.dir } as Record<string, string | undefined>, plain: [] as number[], tty: [] as number[] },
    { name: "dockerd", env: dockerd.env as Record<string, string | undefined>, plain: [] as number[], tty: [] as number[] },
  ];
  try {
    const ref = (await pushFixtures(registry.host)).busybox.reference;
    for (const e of engines) {
      const r = await dockerCli(e.env, ["run", "-d", "--name", name, ref, "sleep", "100000"]);
      if (r.code !== 0) throw new Error(`${e.name} run: ${r.stderr}`);
      await dockerCli(e.env, ["exec", name, "true"]); // warm-up
    }
    const time = async (e: (typeof engines)[number], args: string[]) => {
      const t0 = process.hrtime.bigint();
      const r = await dockerCli(e.env, ["exec", ...args, name, "true"]);
      if (r.code !== 0) throw new Error(`${e.name} exec ${args.join(" ")}: ${r.stderr}`);
      return Number(process.hrtime.bigint() - t0) / 1e6;
    };
    for (let i = 0; i < runs; i++) {
      for (const e of engines) {
        e.plain.push(await time(e, []));
        e.tty.push(await time(e, ["-t"]));
      }
    }
    const [w, d] = engines;
    const report = {
      runs,
      exec: { wharfdMs: w!.plain.map(Math.round), dockerdMs: d!.plain.map(Math.round), medianWharfdMs: Math.round(median(w!.plain)), medianDockerdMs: Math.round(median(d!.plain)), ratio: Number((median(w!.plain) / median(d!.plain)).toFixed(2)) },
      execTty: { wharfdMs: w!.tty.map(Math.round), dockerdMs: d!.tty.map(Math.round), medianWharfdMs: Math.round(median(w!.tty)), medianDockerdMs: Math.round(median(d!.tty)), ratio: Number((median(w!.tty) / median(d!.tty)).toFixed(2)) },
    };
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  } finally {
    for (const e of engines) await dockerCli(e.env, ["rm", "-f", name]).catch(() => undefined);
    await stop();
  }
}

runMain(main);
