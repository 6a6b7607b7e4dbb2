// Restart policies, health checks and `docker update` through the real docker CLI 28, table-driven against wharfd
// and the harness's dockerd 20.10 (same exit codes and output apart from IDs and times), plus what only wharfd's
// harness can do: restart the daemon and see restart policies applied at start-up (dockerd's own restart is out of
// the harness's reach).
import { existsSync, readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { buildImage, busyboxLayerEntries, type ContainerConfig, dockerCli, pushImage, startDockerd, waitFor, type Dockerd } from "../../tests/harness/index.js";
import { startWharfd, type Wharfd } from "./lib/start-wharfd.js";
import { engineRequest } from "./lib/engine-request.js";

const BUSYBOX = inject("fixtures").busybox.reference;
const REGISTRY = inject("registryHost");
type Env = Record<string, string>;
interface Engine {
  name: "wharfd" | "dockerd";
  env: Env;
  socket: string;
}

/** One raw API request (what the CLI refuses to send itself); the body trimmed (dockerd ends JSON with a newline). */
async function api(socketPath: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: string }> {
  const r = await engineRequest(socketPath, method, path, body);
  return { status: r.status, body: r.body.trim() };
}

/** The container's cgroup dir for a v1 controller, from its init's /proc/<pid>/cgroup (works for both engines). */
function cgroupFile(pid: number, controller: string, file: string): string {
  const line = readFileSync(`/proc/${pid}/cgroup`, "utf8").split("\n").find((l) => l.split(":")[1]?.split(",").includes(controller));
  if (!line) throw new Error(`no ${controller} cgroup for pid ${pid}`);
  const path = line.split(":")[2]!;
  const mount = [`/sys/fs/cgroup/${controller}`, `/sys/fs/cgroup/${line.split(":")[1]}`].find((m) => existsSync(`${m}${path}/${file}`));
  return readFileSync(`${mount}${path}/${file}`, "utf8").trim();
}

/** IDs and times out, so two engines' texts compare. */
const normalize = (s: string) => s.replace(/[0-9a-f]{64}/g, "<id>").replace(/\d{4}-\d\d-\d\dT[\d:.]+Z/g, "<time>");

describe("restart policies, health checks and docker update against wharfd and dockerd", () => {
  let wharfd: Wharfd;
  let dockerd: Dockerd;
  const engines: Engine[] = [];
  const docker = (e: Engine, args: string[], opts: { input?: string; timeout?: number } = {}) => dockerCli(e.env, args, opts);
  const both = async <T>(f: (e: Engine) => Promise<T>): Promise<[T, T]> => {
    const [a, b] = await Promise.all(engines.map(f));
    return [a!, b!];
  };
  const inspect = async (e: Engine, format: string, name: string) => (await docker(e, ["inspect", "-f", format, name])).stdout.trim();
  const until = (e: Engine, name: string, format: string, want: (s: string) => boolean, timeoutMs = 20_000) =>
    waitFor(`${e.name} ${name} ${format}`, async () => {
      const s = await inspect(e, format, name);
      return want(s) ? s : undefined;
    }, { timeoutMs, intervalMs: 100 });
  const rmAll = async (e: Engine) => {
    const ids = (await docker(e, ["ps", "-aq"])).stdout.split("\n").filter(Boolean);
    if (ids.length) await docker(e, ["rm", "-f", ...ids]);
  };

  beforeAll(async () => {
    [wharfd, dockerd] = await Promise.all([startWharfd(), startDockerd({ iptables: false })]);
    engines.push(
      { name: "wharfd", env: { DOCKER_HOST: wharfd.dockerHost, DOCKER_CONFIG: wharfd.dir }, socket: wharfd.socketPath },
      { name: "dockerd", env: dockerd.env as Env, socket: dockerd.env.DOCKER_HOST!.replace(/^unix:\/\//, "") },
    );
    await both((e) => docker(e, ["pull", "-q", BUSYBOX]));
  }, 120_000);
  afterAll(async () => {
    for (const e of engines) await rmAll(e).catch(() => {});
    await Promise.all([wharfd?.stop(), dockerd?.stop()]);
    wharfd?.cleanup();
  }, 120_000);

  it("--restart on-failure:2 on `exit 3`: restarted twice (RestartCount 2), then exited 3; three die events", async () => {
    const t0 = (Date.now() / 1000).toFixed(3);
    const [a, b] = await both(async (e) => {
      const run = await docker(e, ["run", "-d", "--name", "onfail", "--restart", "on-failure:2", BUSYBOX, "sh", "-c", "exit 3"]);
      const final = await until(e, "onfail", "{{.State.Status}} {{.RestartCount}} {{.State.ExitCode}}", (s) => s === "exited 2 3");
      const policy = await inspect(e, "{{.HostConfig.RestartPolicy.Name}}:{{.HostConfig.RestartPolicy.MaximumRetryCount}}", "onfail");
      const dies = await docker(e, ["events", "--since", t0, "--until", (Date.now() / 1000).toFixed(3), "--filter", "container=onfail", "--filter", "event=die", "--format", "{{.Action}} {{.Actor.Attributes.exitCode}} {{.Actor.Attributes.name}}"]);
      await docker(e, ["rm", "onfail"]);
      return { code: run.code, final, policy, dies: dies.stdout };
    });
    expect(a).toEqual(b);
    expect(a).toEqual({ code: 0, final: "exited 2 3", policy: "on-failure:2", dies: "die 3 onfail\ndie 3 onfail\ndie 3 onfail\n" });
  }, 60_000);

  it("--restart always: a crash (init killed from the host) restarts it; docker stop ends it for good", async () => {
    const [a, b] = await both(async (e) => {
      await docker(e, ["run", "-d", "--name", "always", "--restart", "always", BUSYBOX, "sleep", "300"]);
      const pid = Number(await inspect(e, "{{.State.Pid}}", "always"));
      process.kill(pid, "SIGKILL");
      const back = await until(e, "always", "{{.State.Status}} {{.RestartCount}}", (s) => s === "running 1");
      const newPid = Number(await inspect(e, "{{.State.Pid}}", "always"));
      const stop = await docker(e, ["stop", "-t", "1", "always"]);
      const stopped = await inspect(e, "{{.State.Status}} {{.RestartCount}} {{.State.Restarting}}", "always");
      // Long enough for several back-off rounds: nothing restarts it any more.
      await new Promise((r) => setTimeout(r, 1500));
      const later = await inspect(e, "{{.State.Status}} {{.RestartCount}}", "always");
      await docker(e, ["rm", "always"]);
      return { back, newPid: newPid > 0 && newPid !== pid, stop: [stop.code, stop.stdout], stopped, later };
    });
    expect(a).toEqual(b);
    expect(a).toEqual({ back: "running 1", newPid: true, stop: [0, "always\n"], stopped: "exited 1 false", later: "exited 1" });
  }, 60_000);

  it("a container waiting out its back-off is 'restarting' (ps: Restarting (1) …); docker stop and rm -f cancel the restart", async () => {
    const [a, b] = await both(async (e) => {
      await docker(e, ["run", "-d", "--name", "flap1", "--restart", "always", BUSYBOX, "sh", "-c", "exit 1"]);
      // After a few quick deaths the back-off (100, 200, 400, 800 ms …) keeps it in "restarting" most of the time.
      // ps and inspect are two requests: retry until both saw the same back-off wait.
      const { ps, state } = await waitFor(`${e.name} restarting`, async () => {
        // Without -a: a restarting container counts as running for `docker ps`.
        const s = (await docker(e, ["ps", "--filter", "name=flap1", "--format", "{{.Status}}"])).stdout.trim();
        const [count, st] = (await inspect(e, "{{.RestartCount}}|{{.State.Status}} {{.State.Running}} {{.State.Restarting}}", "flap1")).split("|") as [string, string];
        return Number(count) >= 3 && s.startsWith("Restarting") && st.startsWith("restarting") ? { ps: s, state: st } : undefined;
      }, { timeoutMs: 20_000, intervalMs: 50 });
      const stop = await docker(e, ["stop", "flap1"]);
      const count = await inspect(e, "{{.RestartCount}}", "flap1");
      await new Promise((r) => setTimeout(r, 1500));
      const after = (await inspect(e, "{{.State.Status}} {{.RestartCount}}", "flap1")) === `exited ${count}`;
      // The wait before restart n is 100 ms · 2^(n-1): from the sixth on it is ≥ 3.2 s, and catching the start of one
      // leaves time for a few commands. Started only now, so its waits are still short when it gets there.
      await docker(e, ["run", "-d", "--name", "flap2", "--restart", "always", BUSYBOX, "sh", "-c", "exit 1"]);
      const seen = await until(e, "flap2", "{{.State.Status}} {{.RestartCount}}", (s) => /^restarting ([5-9]|\d\d)$/.test(s));
      await until(e, "flap2", "{{.State.Status}} {{.RestartCount}}", (s) => s === `restarting ${Number(seen.split(" ")[1]) + 1}`);
      const onRestarting = [];
      for (const args of [["start", "flap2"], ["pause", "flap2"], ["exec", "flap2", "true"], ["top", "flap2"], ["rm", "flap2"], ["container", "prune", "-f"]]) {
        const r = await docker(e, args);
        onRestarting.push([args[0], r.code, normalize(r.stdout), normalize(r.stderr).replace(/^Error response from daemon: (You cannot remove|cannot remove).*/, "<rm refused>")]);
      }
      const rm = await docker(e, ["rm", "-f", "flap2"]);
      const left = (await docker(e, ["ps", "-a", "--filter", "name=flap", "--format", "{{.Names}}"])).stdout;
      await docker(e, ["rm", "-f", "flap1"]);
      return { ps: /^Restarting \(1\) (Less than a second|\d+ seconds?) ago$/.test(ps), state, stop: [stop.code, stop.stdout], after, onRestarting, rm: [rm.code, rm.stdout], left };
    });
    expect(a).toEqual(b);
    expect(a).toEqual({
      ps: true, state: "restarting true true", stop: [0, "flap1\n"], after: true,
      // start is a no-op (dockerd counts it as running); pause waits for a run; rm without -f is refused (wording differs, 20.10 has the old one).
      onRestarting: [["start", 0, "flap2\n", ""], ["pause", 1, "", "Error response from daemon: Container <id> is restarting, wait until the container is running\n"], ["exec", 1, "", "Error response from daemon: Container <id> is restarting, wait until the container is running\n"], ["top", 1, "", "Error response from daemon: Container <id> is restarting, wait until the container is running\n"], ["rm", 1, "", "<rm refused>\n"], ["container", 0, "Deleted Containers:\n<id>\n\nTotal reclaimed space: 0B\n", ""]],
      // prune took the stopped flap1 and left the restarting flap2.
      rm: [0, "flap2\n"], left: "",
    });
  }, 90_000);

  it("health checks: healthy, unhealthy, timed out and starting show in docker ps, inspect, ps filters and events", async () => {
    const t0 = (Date.now() / 1000).toFixed(3);
    const [a, b] = await both(async (e) => {
      const run = (name: string, ...opts: string[]) => docker(e, ["run", "-d", "--name", name, ...opts, BUSYBOX, "sleep", "300"]);
      // Inside its start period failures are logged but not counted: still starting, streak 0 (checked first, well
      // inside the 6 s).
      await run("hgrace", "--health-cmd", "exit 1", "--health-interval", "300ms", "--health-retries", "1", "--health-start-period", "6s");
      const grace = await until(e, "hgrace", "{{json .State.Health}}", (s) => (JSON.parse(s) as { Log: unknown[] }).Log.length >= 2);
      await run("hok", "--health-cmd", "echo ok", "--health-interval", "1s");
      await run("hbad", "--health-cmd", "echo bad; exit 1", "--health-interval", "1s", "--health-retries", "2");
      await run("hslow", "--health-cmd", "sleep 5", "--health-interval", "500ms", "--health-timeout", "300ms", "--health-retries", "1");
      await run("hwait", "--health-cmd", "true"); // default interval 30 s: still starting for the whole test
      await run("hnone", "--no-healthcheck");
      await until(e, "hok", "{{.State.Health.Status}}", (s) => s === "healthy");
      await until(e, "hbad", "{{.State.Health.Status}}", (s) => s === "unhealthy");
      await until(e, "hslow", "{{.State.Health.Status}}", (s) => s === "unhealthy");
      // After it, the first failure counts (Retries 1); the streak grows with every later probe, so only the status compares.
      const graceEnd = await until(e, "hgrace", "{{.State.Health.Status}}", (s) => s === "unhealthy");
      await docker(e, ["rm", "-f", "hgrace"]);
      const ps = (await docker(e, ["ps", "--format", "{{.Names}} {{.Status}}"])).stdout.split("\n").filter(Boolean).map((l) => l.replace(/ Up [^(]*?(?= \(|$)/, " Up")).sort();
      const status = await Promise.all(["hok", "hbad", "hslow", "hwait"].map((n) => inspect(e, "{{.State.Health.Status}}", n)));
      const bad = JSON.parse(await inspect(e, "{{json .State.Health}}", "hbad")) as { FailingStreak: number; Log: { ExitCode: number; Output: string }[] };
      const slow = JSON.parse(await inspect(e, "{{json .State.Health}}", "hslow")) as { Log: { ExitCode: number; Output: string }[] };
      const none = await inspect(e, "{{json .State.Health}} {{json .Config.Healthcheck}}", "hnone");
      const filter = async (v: string) => (await docker(e, ["ps", "--filter", `health=${v}`, "--format", "{{.Names}}"])).stdout.split("\n").filter(Boolean).sort();
      const filters = { healthy: await filter("healthy"), unhealthy: await filter("unhealthy"), starting: await filter("starting"), none: await filter("none") };
      const events = await docker(e, ["events", "--since", t0, "--until", (Date.now() / 1000).toFixed(3), "--filter", "event=health_status", "--format", "{{.Action}} {{.Actor.Attributes.name}}"]);
      await docker(e, ["stop", "-t", "0", "hok"]);
      const stopped = await inspect(e, "{{.State.Health.Status}}", "hok");
      await docker(e, ["rm", "-f", "hok", "hbad", "hslow", "hwait", "hnone"]);
      return {
        ps, status, filters, stopped, none,
        bad: { streakAtLeast2: bad.FailingStreak >= 2, log: bad.Log.length <= 5 && bad.Log.every((l) => l.ExitCode === 1 && l.Output === "bad\n") },
        slow: { ExitCode: slow.Log[0]!.ExitCode, Output: slow.Log[0]!.Output },
        grace: [(JSON.parse(grace) as { Status: string }).Status, (JSON.parse(grace) as { FailingStreak: number }).FailingStreak, graceEnd],
        events: [...new Set(events.stdout.split("\n").filter(Boolean))].sort(),
      };
    });
    expect(a).toEqual(b);
    expect(a.ps).toEqual(["hbad Up (unhealthy)", "hnone Up", "hok Up (healthy)", "hslow Up (unhealthy)", "hwait Up (health: starting)"]);
    expect(a.status).toEqual(["healthy", "unhealthy", "unhealthy", "starting"]);
    expect(a.filters).toEqual({ healthy: ["hok"], unhealthy: ["hbad", "hslow"], starting: ["hwait"], none: ["hnone"] });
    expect(a.slow).toEqual({ ExitCode: -1, Output: "Health check exceeded timeout (300ms)" });
    expect(a.grace).toEqual(["starting", 0, "unhealthy"]);
    expect(a.events).toEqual(["health_status: healthy hok", "health_status: unhealthy hbad", "health_status: unhealthy hgrace", "health_status: unhealthy hslow"]);
    expect(a.none).toBe('null {"Test":["NONE"]}');
  }, 90_000);

  it("a HEALTHCHECK from the image runs; create options override single fields and keep the image's test", async () => {
    const { bin, rest } = busyboxLayerEntries();
    const healthcheck = { Test: ["CMD-SHELL", "echo from-image"], Interval: 500_000_000, Retries: 2 };
    const image = await buildImage({ format: "oci", layers: [{ files: bin }, { files: rest }], config: { Env: ["PATH=/bin"], Cmd: ["sh"], Healthcheck: healthcheck } as ContainerConfig });
    const ref = `${REGISTRY}/life-health:v1`;
    await pushImage({ host: REGISTRY }, "life-health", "v1", image);
    const [a, b] = await both(async (e) => {
      await docker(e, ["pull", "-q", ref]);
      await docker(e, ["run", "-d", "--name", "himg", ref, "sleep", "300"]);
      await docker(e, ["run", "-d", "--name", "himg2", "--health-retries", "5", ref, "sleep", "300"]);
      await docker(e, ["run", "-d", "--name", "himg3", "--no-healthcheck", ref, "sleep", "300"]);
      const status = await until(e, "himg", "{{.State.Health.Status}}", (s) => s === "healthy");
      const out = JSON.parse(await inspect(e, "{{json .State.Health.Log}}", "himg"))[0].Output as string;
      const merged = await inspect(e, "{{json .Config.Healthcheck}}", "himg2");
      const none = await inspect(e, "{{json .State.Health}}", "himg3");
      await docker(e, ["rm", "-f", "himg", "himg2", "himg3"]);
      await docker(e, ["rmi", ref]);
      return { status, out, merged: JSON.parse(merged), none };
    });
    expect(a).toEqual(b);
    expect(a).toEqual({ status: "healthy", out: "from-image\n", merged: { ...healthcheck, Retries: 5 }, none: "null" });
  }, 60_000);

  it("docker update --memory 64m --cpus 0.5 shows in inspect and in the cgroup; restart policy and a stopped container's update persist", async () => {
    const [a, b] = await both(async (e) => {
      await docker(e, ["run", "-d", "--name", "upd", "--memory", "32m", BUSYBOX, "sleep", "300"]);
      const up = await docker(e, ["update", "--memory", "64m", "--cpus", "0.5", "upd"]);
      const hc = await inspect(e, "{{.HostConfig.Memory}} {{.HostConfig.MemorySwap}} {{.HostConfig.NanoCpus}}", "upd");
      const pid = Number(await inspect(e, "{{.State.Pid}}", "upd"));
      const cg = [cgroupFile(pid, "memory", "memory.limit_in_bytes"), cgroupFile(pid, "cpu", "cpu.cfs_quota_us"), cgroupFile(pid, "cpu", "cpu.cfs_period_us")];
      const more = await docker(e, ["update", "--restart", "on-failure:3", "--pids-limit", "50", "upd"]);
      const more2 = [await inspect(e, "{{.HostConfig.RestartPolicy.Name}}:{{.HostConfig.RestartPolicy.MaximumRetryCount}} {{.HostConfig.PidsLimit}}", "upd"), cgroupFile(pid, "pids", "pids.max")];
      await docker(e, ["create", "--name", "updc", BUSYBOX, "sleep", "300"]);
      const off = await docker(e, ["update", "--cpu-shares", "512", "updc"]);
      await docker(e, ["start", "updc"]);
      const shares = [await inspect(e, "{{.HostConfig.CpuShares}}", "updc"), cgroupFile(Number(await inspect(e, "{{.State.Pid}}", "updc")), "cpu", "cpu.shares")];
      await docker(e, ["rm", "-f", "upd", "updc"]);
      return { up: [up.code, up.stdout, up.stderr], hc, cg, more: [more.code, more.stdout], more2, off: [off.code, off.stdout], shares };
    });
    expect(a).toEqual(b);
    expect(a).toEqual({
      up: [0, "upd\n", ""], hc: "67108864 67108864 500000000", cg: ["67108864", "50000", "100000"],
      more: [0, "upd\n"], more2: ["on-failure:3 50", "50"], off: [0, "updc\n"], shares: ["512", "512"],
    });
  }, 60_000);

  it("bad input gets dockerd's codes and messages: restart policies, AutoRemove + restart, update values, health filter", async () => {
    const cli: string[][] = [
      ["run", "-d", "--restart", "sometimes", BUSYBOX, "true"],
      ["run", "-d", "--restart", "on-failure:-1", BUSYBOX, "true"],
      ["run", "-d", "--restart", "always:2", BUSYBOX, "true"],
      ["run", "--rm", "--restart", "always", BUSYBOX, "true"],
      ["update", "--memory", "1k", "victim"],
      ["update", "--cpu-period", "100", "victim"],
      ["update", "--restart", "sometimes", "victim"],
      ["update", "--memory", "64m", "victim"],
      ["update", "--cpus", "0.5", "nosuchcontainer"],
      ["ps", "--filter", "health=bogus"],
    ];
    const [a, b] = await both(async (e) => {
      await docker(e, ["run", "-d", "--name", "victim", BUSYBOX, "sleep", "300"]);
      const out: unknown[] = [];
      for (const args of cli) {
        const r = await docker(e, args);
        out.push({ args: args.join(" "), code: r.code, stderr: normalize(r.stderr) });
      }
      const raw = await api(e.socket, "POST", "/v1.41/containers/create", { Image: BUSYBOX, HostConfig: { AutoRemove: true, RestartPolicy: { Name: "always" } } });
      out.push(raw);
      out.push(await api(e.socket, "POST", "/v1.41/containers/create", { Image: BUSYBOX, HostConfig: { RestartPolicy: { Name: "on-failure", MaximumRetryCount: -2 } } }));
      out.push((await docker(e, ["ps", "-a", "--format", "{{.Names}}"])).stdout);
      await docker(e, ["rm", "-f", "victim"]);
      return out;
    });
    expect(a).toEqual(b);
    expect(a.at(-3)).toEqual({ status: 400, body: '{"message":"can\'t create \'AutoRemove\' container with restart policy"}' });
    expect(a.at(-1)).toBe("victim\n");
  }, 60_000);

  it("wharfd restart: stopped always and crashed unless-stopped containers come back, a stopped unless-stopped one stays down, health probes resume", async () => {
    const e = engines[0]!;
    const run = (name: string, policy: string) => docker(e, ["run", "-d", "--name", name, "--restart", policy, BUSYBOX, "sleep", "300"]);
    await run("alw-stopped", "always");
    await run("us-stopped", "unless-stopped");
    await run("us-crashed", "unless-stopped");
    await run("no-crashed", "no");
    await docker(e, ["run", "-d", "--name", "probed", "--health-cmd", "true", "--health-interval", "300ms", BUSYBOX, "sleep", "300"]);
    await until(e, "probed", "{{.State.Health.Status}}", (s) => s === "healthy");
    for (const n of ["alw-stopped", "us-stopped"]) expect((await docker(e, ["stop", "-t", "0", n])).code).toBe(0);
    // on-failure:5 whose fifth restart is pending (1.6 s back-off) when the daemon goes: no retry left at start-up.
    await docker(e, ["run", "-d", "--name", "of-pending", "--restart", "on-failure:5", BUSYBOX, "sh", "-c", "exit 1"]);
    await until(e, "of-pending", "{{.State.Status}} {{.RestartCount}}", (s) => s === "restarting 5");
    const pids = await Promise.all(["us-crashed", "no-crashed"].map(async (n) => Number(await inspect(e, "{{.State.Pid}}", n))));
    await wharfd.kill();
    // The machine "loses" two containers while the daemon is down: their shims record the exits.
    for (const pid of pids) process.kill(pid, "SIGKILL");
    await waitFor("containers gone", async () => (pids.every((p) => !existsSync(`/proc/${p}`)) ? true : undefined));
    wharfd = await startWharfd({ dir: wharfd.dir });
    e.env.DOCKER_HOST = wharfd.dockerHost;
    const fmt = "{{.Name}} {{.State.Status}} {{.RestartCount}}";
    const states = await Promise.all(["alw-stopped", "us-stopped", "us-crashed", "no-crashed"].map((n) => until(e, n, fmt, (s) => !s.includes("restarting"))));
    expect(states).toEqual(["/alw-stopped running 0", "/us-stopped exited 0", "/us-crashed running 1", "/no-crashed exited 0"]);
    expect(await inspect(e, "{{.State.ExitCode}}", "no-crashed")).toBe("137");
    expect(await inspect(e, fmt, "of-pending")).toBe("/of-pending exited 5");
    // Live restore resumes the health probes of a running container with its recorded state.
    const restarted = new Date().toISOString();
    const probes = await until(e, "probed", "{{json .State.Health}}", (s) => (JSON.parse(s) as { Log: { Start: string }[] }).Log.at(-1)!.Start > restarted);
    expect(JSON.parse(probes).Status).toBe("healthy");
    await rmAll(e);
  }, 90_000);
});
