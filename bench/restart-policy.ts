// Restart-policy benchmark: how long a `--restart always` container is down after a crash, wharfd vs a real dockerd
// 20.10 taking turns in every round. Each round runs a fresh container (so the back-off is the first one, 100 ms on
// both engines), kills its init with SIGKILL from the host, and polls GET /containers/{id}/json over the engine's
// socket every 2 ms until it runs again with a new pid. Prints each run, the medians and the wharfd/dockerd ratio.
//   node --import tsx bench/restart-policy.ts [runs=15]
import { request } from "node:http";
import { dockerCli, pushFixtures } from "../tests/harness/index.js";
import { median, runMain, startEngines } from "./lib/side-by-side.js";

const runs = Number(process.argv[2] ?? 15);


function inspect(socketPath: string, id: string): Promise<{ State: { Status: string; Pid: number }; RestartCount: number }> {
  return new Promise((resolve, reject) => {
    const req = request({ socketPath, path: `/containers/${id}/json`, headers: { host: "docker" } }, (res) => {
      let b = "";
      res.on("data", (d) => (b += d));
      res.on("end", () => resolve(JSON.parse(b)));
    });
    req.on("error", reject);
    req.end();
  });
}

async function main(): Promise<void> {
  const { registry, wharfd, dockerd, stop } = await startEngines();
  try {
    const ref = (await pushFixtures(registry.host)).busybox.reference;
    const engines = [
      { name: "wharfd", env: { DOCKER_HOST: wharfd.dockerHost, DOCKER_CONFIG: wharfd.dir }, socket: wharfd.socketPath, times: [] as number[] },
      { name: "dockerd", env: dockerd.env, socket: dockerd.env.DOCKER_HOST!.replace(/^unix:\/\//, ""), times: [] as number[] },
    ];
    for (const e of engines) await dockerCli(e.env, ["pull", "-q", ref]);
    for (let i = 0; i < runs; i++) {
      for (const e of engines) {
        const run = await dockerCli(e.env, ["run", "-d", "--restart", "always", ref, "sleep", "300"]);
        if (run.code !== 0) throw new Error(`${e.name} run: ${run.stderr}`);
        const id = run.stdout.trim();
        const before = await inspect(e.socket, id);
        const t0 = process.hrtime.bigint();
        process.kill(before.State.Pid, "SIGKILL");
        for (;;) {
          const s = await inspect(e.socket, id);
          if (s.State.Status === "running" && s.RestartCount === 1 && s.State.Pid !== before.State.Pid) break;
          if (Number(process.hrtime.bigint() - t0) > 30e9) throw new Error(`${e.name}: not restarted within 30 s`);
          await new Promise((r) => setTimeout(r, 2));
        }
        e.times.push(Number(process.hrtime.bigint() - t0) / 1e6);
        await dockerCli(e.env, ["rm", "-f", id]);
      }
    }
    const [w, d] = engines.map((e) => median(e.times));
    process.stdout.write(
      `${JSON.stringify({ runs, wharfdMs: engines[0]!.times.map(Math.round), dockerdMs: engines[1]!.times.map(Math.round), medianWharfdMs: Math.round(w!), medianDockerdMs: Math.round(d!), ratio: Number((w! / d!).toFixed(2)) }, null, 2)}\n`,
    );
  } finally {
    await stop();
  }
}

runMain(main);
