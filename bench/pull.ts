// Pull benchmark: a ~50 MB image in several layers (seeded, incompressible, built with the harness's image
// builder) pulled from a loopback registry by wharfd and by a real dockerd 20.10, alternating, side by side in
// one run. Each run starts from an empty local store (the image is removed first), and is timed end to end as
// the user sees it: `docker pull` through the real CLI. Prints each run, medians and the wharfd/dockerd ratio.
//   node --import tsx bench/pull.ts [runs=7]
import { buildImage, dockerCli, pushImage, seededBytes } from "../tests/harness/index.js";
import { median, startEngines } from "./lib/side-by-side.js";

const runs = Number(process.argv[2] ?? 7);
const MB = 1 << 20;
const LAYER_SIZES = [20 * MB, 15 * MB, 10 * MB, 5 * MB];


async function main(): Promise<void> {
  const { registry, wharfd, dockerd, stop } = await startEngines();
  try {
    const image = await buildImage({
      format: "docker",
      layers: LAYER_SIZES.map((size, i) => ({ files: [{ path: `data/layer${i}.bin`, type: "file" as const, content: seededBytes(`bench-pull-${i}`, size) }] })),
      config: { Cmd: ["sh"] },
    });
    const pushed = await pushImage({ host: registry.host }, "bench-pull", "v1", image);
    const total = image.layers.reduce((s, l) => s + l.blob.length, 0);
    const engines = [
      { name: "wharfd", env: { DOCKER_HOST: wharfd.dockerHost, DOCKER_CONFIG: wharfd.dir }, times: [] as number[] },
      { name: "dockerd", env: dockerd.env, times: [] as number[] },
    ];
    for (const e of engines) await dockerCli(e.env, ["pull", "-q", pushed.reference]); // warm-up
    for (let i = 0; i < runs; i++) {
      for (const e of engines) {
        const rm = await dockerCli(e.env, ["rmi", pushed.reference]);
        if (rm.code !== 0) throw new Error(`${e.name} rmi: ${rm.stderr}`);
        const t0 = process.hrtime.bigint();
        const pull = await dockerCli(e.env, ["pull", "-q", pushed.reference]);
        const ms = Number(process.hrtime.bigint() - t0) / 1e6;
        if (pull.code !== 0) throw new Error(`${e.name} pull: ${pull.stderr}`);
        e.times.push(ms);
      }
    }
    const [w, d] = engines.map((e) => median(e.times));
    const out = {
      image: pushed.reference,
      layers: LAYER_SIZES.length,
      compressedBytes: total,
      runs,
      wharfdMs: engines[0]!.times.map(Math.round),
      dockerdMs: engines[1]!.times.map(Math.round),
      medianWharfdMs: Math.round(w!),
      medianDockerdMs: Math.round(d!),
      ratio: Number((w! / d!).toFixed(2)),
    };
    process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
  } finally {
    await stop();
  }
}

await main();
