// Volume benchmark: `docker run --rm` with a named volume (mount only) and with an image VOLUME whose 8 MiB of
// content is copied up into a new anonymous volume (create, copy, mount, remove with --rm), through the real docker
// CLI 28, wharfd and a real dockerd 20.10 taking turns in every round. Prints each run, the medians and the
// wharfd/dockerd ratios.
//   node --import tsx bench/volume-run.ts [runs=15]
import { buildImage, busyboxLayerEntries, dockerCli, pushImage, seededBytes } from "../tests/harness/index.js";
import { median, runMain, startEngines } from "./lib/side-by-side.js";

const runs = Number(process.argv[2] ?? 15);


async function main(): Promise<void> {
  const { registry, wharfd, dockerd, stop } = await startEngines();
  try {
    const { bin, rest } = busyboxLayerEntries();
    const image = await buildImage({
      format: "docker",
      layers: [{ files: bin }, { files: rest }, { files: [{ path: "data", type: "directory" }, { path: "data/blob.bin", type: "file", content: seededBytes("volume-bench", 8 << 20) }] }],
      config: Object.assign({ Env: ["PATH=/bin"], Cmd: ["sh"] }, { Volumes: { "/data": {} } }),
    });
    await pushImage({ host: registry.host }, "volbench", "v1", image);
    const ref = `${registry.host}/volbench:v1`;
    const scenarios = [
      { name: "named volume", args: ["run", "--rm", "-v", "benchvol:/data", ref, "sh", "-c", "echo x >> /data/log"] },
      { name: "image VOLUME copy-up 8 MiB", args: ["run", "--rm", ref, "sh", "-c", "test -s /data/blob.bin"] },
    ];
    const engines = [
      { name: "wharfd", env: { DOCKER_HOST: wharfd.dockerHost, DOCKER_CONFIG: wharfd.dir } as Record<string, string> },
      { name: "dockerd", env: dockerd.env as Record<string, string> },
    ];
    for (const e of engines) {
      for (const s of scenarios) {
        const warm = await dockerCli(e.env, s.args); // pulls, creates the named volume, warms caches
        if (warm.code !== 0) throw new Error(`${e.name} warm-up ${s.name}: ${warm.stderr}`);
      }
    }
    const results = [];
    for (const s of scenarios) {
      const times: Record<string, number[]> = { wharfd: [], dockerd: [] };
      for (let i = 0; i < runs; i++) {
        for (const e of engines) {
          const t0 = process.hrtime.bigint();
          const r = await dockerCli(e.env, s.args);
          const ms = Number(process.hrtime.bigint() - t0) / 1e6;
          if (r.code !== 0) throw new Error(`${e.name} ${s.name}: ${r.stderr}`);
          times[e.name]!.push(ms);
        }
      }
      const w = median(times.wharfd!);
      const d = median(times.dockerd!);
      results.push({ scenario: s.name, wharfdMs: times.wharfd!.map(Math.round), dockerdMs: times.dockerd!.map(Math.round), medianWharfdMs: Math.round(w), medianDockerdMs: Math.round(d), ratio: Number((w / d).toFixed(2)) });
    }
    for (const e of engines) {
      const left = (await dockerCli(e.env, ["volume", "ls", "-q"])).stdout.split("\n").filter(Boolean);
      if (left.join() !== "benchvol") throw new Error(`${e.name}: volumes left after --rm runs: ${left.join(", ")}`);
      await dockerCli(e.env, ["volume", "rm", "benchvol"]);
    }
    process.stdout.write(`${JSON.stringify({ runs, results }, null, 2)}\n`);
  } finally {
    await stop();
  }
}

runMain(main);
