// Network benchmark, wharfd vs a real dockerd 20.10 side by side through the docker CLI 28, engines taking turns in
// every round:
//   - `docker run --rm busybox true` on the default bridge and with `--network none` (the difference is the cost of
//     an endpoint: address, veth into the netns, and its removal);
//   - a user-defined network: create + rm;
//   - `docker run -d -p 127.0.0.1::80 httpd` until the page answers on the host, then `rm -f`;
//   - HTTP GETs through a published port on 127.0.0.1 (wharfd: nft DNAT; dockerd: its docker-proxy for loopback).
// dockerd runs with iptables=false so its FORWARD policy never drops wharfd's bridge traffic during the run
// (engine/src/networks/README.md "Next to dockerd"); its loopback port publishing is the userland proxy either way.
// Prints medians per engine and wharfd/dockerd ratios.
//   node --import tsx bench/network.ts [runs=20]
import { get } from "node:http";
import { dockerCli, pushFixtures } from "../tests/harness/index.js";
import { median, runMain, startEngines } from "./lib/side-by-side.js";

const runs = Number(process.argv[2] ?? 20);


function fetchOnce(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const req = get({ host: "127.0.0.1", port, path: "/", agent: false, timeout: 2000 }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode === 200));
    });
    req.on("error", () => resolve(false));
    req.on("timeout", () => req.destroy());
  });
}

async function timed(f: () => Promise<unknown>): Promise<number> {
  const t0 = process.hrtime.bigint();
  await f();
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

async function main(): Promise<void> {
  const { registry, wharfd, dockerd, stop } = await startEngines();
  try {
    const fixtures = await pushFixtures(registry.host);
    const [busybox, httpd] = [fixtures.busybox.reference, fixtures.httpd.reference];
    const engines = [
      { name: "wharfd", env: { DOCKER_HOST: wharfd.dockerHost, DOCKER_CONFIG: wharfd.dir }, t: {} as Record<string, number[]> },
      { name: "dockerd", env: dockerd.env, t: {} as Record<string, number[]> },
    ];
    const ok = async (env: Record<string, string | undefined>, args: string[]) => {
      const r = await dockerCli(env, args);
      if (r.code !== 0) throw new Error(`docker ${args.join(" ")}: ${r.stderr}`);
      return r.stdout.trim();
    };
    const add = (e: (typeof engines)[number], k: string, ms: number) => (e.t[k] ??= []).push(ms);
    for (const e of engines) {
      await ok(e.env, ["pull", "-q", busybox]);
      await ok(e.env, ["pull", "-q", httpd]);
      await ok(e.env, ["run", "--rm", busybox, "true"]);
    }
    for (let i = 0; i < runs; i++) {
      for (const e of engines) {
        add(e, "runBridge", await timed(() => ok(e.env, ["run", "--rm", busybox, "true"])));
        add(e, "runNone", await timed(() => ok(e.env, ["run", "--rm", "--network", "none", busybox, "true"])));
        const net = `bench-${process.pid}-${i}`;
        add(e, "networkCreateRm", await timed(async () => {
          await ok(e.env, ["network", "create", net]);
          await ok(e.env, ["network", "rm", net]);
        }));
        let port = 0;
        const name = `bench-web-${process.pid}-${i}`;
        add(e, "publishUntilServed", await timed(async () => {
          await ok(e.env, ["run", "-d", "--name", name, "-p", "127.0.0.1::80", httpd]);
          port = Number((await ok(e.env, ["port", name, "80"])).split("\n")[0]!.split(":").pop());
          while (!(await fetchOnce(port))) await new Promise((r) => setTimeout(r, 5));
        }));
        const gets: number[] = [];
        for (let k = 0; k < 50; k++) gets.push(await timed(() => fetchOnce(port)));
        add(e, "httpGetViaPublishedPort", median(gets));
        add(e, "rmF", await timed(() => ok(e.env, ["rm", "-f", name])));
      }
    }
    const [w, d] = engines;
    const summary: Record<string, unknown> = { runs };
    for (const k of Object.keys(w!.t)) {
      const [mw, md] = [median(w!.t[k]!), median(d!.t[k]!)];
      summary[k] = { wharfdMs: Number(mw.toFixed(2)), dockerdMs: Number(md.toFixed(2)), ratio: Number((mw / md).toFixed(2)) };
    }
    summary.endpointCostMs = {
      wharfd: Number((median(w!.t.runBridge!) - median(w!.t.runNone!)).toFixed(1)),
      dockerd: Number((median(d!.t.runBridge!) - median(d!.t.runNone!)).toFixed(1)),
    };
    process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
  } finally {
    await stop();
  }
}

runMain(main);
