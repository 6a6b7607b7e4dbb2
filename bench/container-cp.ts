// docker cp / export / diff benchmark: the same operations through the real docker CLI 28 on wharfd and on a real
// harness dockerd 20.10, the engines taking turns in every round. A running busybox container holds 2,000 small
// files and one 20 MiB file under /data; the host side has the same tree for copies in. Timed as the user sees
// them: `docker cp c:/data DIR` (DIR removed first, untimed), `docker cp DIR c:/in/` , `docker export -o F c`,
// `docker diff c`. Every command must exit 0. Prints medians and ratios wharfd/dockerd.
//   node --import tsx bench/container-cp.ts [runs=7]      # as root; docker.io, docker-registry (apt)
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { dockerCli, pushFixtures, seededBytes, tempDir } from "../tests/harness/index.js";
import { median, runMain, startEngines } from "./lib/side-by-side.js";

const RUNS = Number(process.argv[2] ?? 7);
const FILES = 2000;


async function main(): Promise<void> {
  const { registry, wharfd, dockerd, stop } = await startEngines();
  const tmp = tempDir("wh-bench-cp");
  try {
    const ref = (await pushFixtures(registry.host)).busybox.reference;
    const src = join(tmp.path, "src");
    mkdirSync(join(src, "small"), { recursive: true });
    for (let i = 0; i < FILES; i++) writeFileSync(join(src, "small", `f${i}`), `${i}\n`);
    writeFileSync(join(src, "big.bin"), seededBytes("cp-bench", 20 << 20));
    const engines = [
      { name: "wharfd", env: { DOCKER_HOST: wharfd.dockerHost, DOCKER_CONFIG: wharfd.dir } as Record<string, string>, times: {} as Record<string, number[]> },
      { name: "dockerd", env: dockerd.env as Record<string, string>, times: {} as Record<string, number[]> },
    ];
    const must = async (env: Record<string, string>, args: string[]) => {
      const r = await dockerCli(env, args);
      if (r.code !== 0) throw new Error(`docker ${args.join(" ")}: ${r.stderr}`);
    };
    for (const e of engines) {
      await must(e.env, ["pull", "-q", ref]);
      await must(e.env, ["run", "-d", "--name", "cpbench", ref, "sleep", "100000"]);
      await must(e.env, ["exec", "cpbench", "mkdir", "/data", "/in"]);
      await must(e.env, ["cp", join(src, "."), "cpbench:/data/"]);
    }
    const ops: Array<[string, (e: (typeof engines)[number]) => string[], ((e: (typeof engines)[number]) => void)?]> = [
      ["cp out (2,000 files + 20 MiB)", (e) => ["cp", "cpbench:/data", join(tmp.path, `out-${e.name}`)], (e) => rmSync(join(tmp.path, `out-${e.name}`), { recursive: true, force: true })],
      ["cp in (2,000 files + 20 MiB)", () => ["cp", src, "cpbench:/in/"]],
      ["export", (e) => ["export", "-o", join(tmp.path, `export-${e.name}.tar`), "cpbench"]],
      ["diff", () => ["diff", "cpbench"]],
    ];
    for (let run = 0; run < RUNS; run++) {
      for (const [name, args, before] of ops) {
        for (const e of engines) {
          before?.(e);
          const t0 = process.hrtime.bigint();
          await must(e.env, args(e));
          (e.times[name] ??= []).push(Number(process.hrtime.bigint() - t0) / 1e6);
        }
      }
    }
    const rows = ops.map(([name]) => {
      const w = median(engines[0]!.times[name]!);
      const d = median(engines[1]!.times[name]!);
      return { op: name, medianWharfdMs: Math.round(w), medianDockerdMs: Math.round(d), ratio: Number((w / d).toFixed(2)) };
    });
    process.stdout.write(`${JSON.stringify({ runs: RUNS, rows }, null, 2)}\n`);
    for (const e of engines) await dockerCli(e.env, ["rm", "-f", "cpbench"]);
  } finally {
    await stop();
    tmp.remove();
  }
}

runMain(main);
