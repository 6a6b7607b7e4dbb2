// `docker events` (GET /events) through the real docker CLI 28, table-driven against wharfd and the harness's
// dockerd 20.10: replays bounded by --since/--until with type/event/container/image/label filters, container,
// exec and image events in dockerd's shapes, a live stream while a container runs, and bad input.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { buildImage, busyboxLayerEntries, type ContainerConfig, DOCKER_CLI, dockerCli, pushImage, runCommand, startDockerd, waitFor, type Dockerd } from "../../tests/harness/index.js";
import { startWharfd, type Wharfd } from "./lib/start-wharfd.js";

const fixtures = inject("fixtures");
const REGISTRY = inject("registryHost");
const BUSYBOX = fixtures.busybox.reference;
type Env = Record<string, string>;
interface Engine {
  name: "wharfd" | "dockerd";
  env: Env;
}

const now = () => (Date.now() / 1000).toFixed(3);
/** IDs, digests and times out, so two engines' lines compare. */
const normalize = (s: string) =>
  s.replace(/sha256:[0-9a-f]{64}/g, "<image>").replace(/[0-9a-f]{64}/g, "<id>").replace(/\d{4}-\d\d-\d\dT[\d:.]+(Z|[+-]\d\d:\d\d)/g, "<time>");

describe("docker events against wharfd and dockerd", () => {
  let wharfd: Wharfd;
  let dockerd: Dockerd;
  const engines: Engine[] = [];
  const docker = (e: Engine, args: string[], opts: { input?: string; timeout?: number } = {}) => dockerCli(e.env, args, opts);
  const both = async <T>(f: (e: Engine) => Promise<T>): Promise<[T, T]> => {
    const [a, b] = await Promise.all(engines.map(f));
    return [a!, b!];
  };
  /** `docker events --since t0 --until now <args>`, lines normalized. */
  const replay = async (e: Engine, since: string, args: string[]) => {
    const r = await docker(e, ["events", "--since", since, "--until", now(), ...args]);
    return { code: r.code, lines: normalize(r.stdout).split("\n").filter(Boolean), stderr: r.stderr };
  };

  beforeAll(async () => {
    [wharfd, dockerd] = await Promise.all([startWharfd(), startDockerd({ iptables: false })]);
    engines.push({ name: "wharfd", env: { DOCKER_HOST: wharfd.dockerHost, DOCKER_CONFIG: wharfd.dir } }, { name: "dockerd", env: dockerd.env as Env });
    await both((e) => docker(e, ["pull", "-q", BUSYBOX]));
  }, 120_000);
  afterAll(async () => {
    for (const e of engines) {
      const ids = (await docker(e, ["ps", "-aq"]).catch(() => ({ stdout: "" }))).stdout.split("\n").filter(Boolean);
      if (ids.length) await docker(e, ["rm", "-f", ...ids]);
    }
    await Promise.all([wharfd?.stop(), dockerd?.stop()]);
    wharfd?.cleanup();
  }, 120_000);

  it("--since/--until with --filter type=container --filter event=die prints the die lines of that window", async () => {
    const [a, b] = await both(async (e) => {
      const t0 = now();
      const run = await docker(e, ["run", "--name", "ev-exit3", "-l", "team=blue", BUSYBOX, "sh", "-c", "exit 3"]);
      await docker(e, ["run", "--rm", BUSYBOX, "true"]);
      const t1 = now();
      await new Promise((r) => setTimeout(r, 50));
      await docker(e, ["run", "--name", "ev-later", BUSYBOX, "sh", "-c", "exit 4"]);
      const die = await docker(e, ["events", "--since", t0, "--until", t1, "--filter", "type=container", "--filter", "event=die"]);
      const byName = await replay(e, t0, ["--filter", "container=ev-exit3", "--filter", "event=create", "--filter", "event=start", "--filter", "event=die", "--format", "{{.Type}} {{.Action}} {{.Actor.Attributes.name}}"]);
      const byLabel = await replay(e, t0, ["--filter", "label=team=blue", "--filter", "event=die", "--format", "{{.Actor.Attributes.name}} {{.Actor.Attributes.exitCode}}"]);
      const byImage = await replay(e, t0, ["--filter", `image=${BUSYBOX.replace(/:latest$/, "")}`, "--filter", "event=die", "--format", "{{.Actor.Attributes.exitCode}}"]);
      const json = await replay(e, t0, ["--filter", "container=ev-later", "--filter", "event=die", "--format", "{{json .}}"]);
      await docker(e, ["rm", "ev-exit3", "ev-later"]);
      return { run: run.code, die: { code: die.code, lines: normalize(die.stdout).replace(/name=[a-z]+_[a-z]+\)/, "name=<random>)").split("\n").filter(Boolean) }, byName: byName.lines, byLabel: byLabel.lines, byImage: byImage.lines, json: json.lines.map((l) => Object.keys(JSON.parse(l)).sort()) };
    });
    expect(a).toEqual(b);
    expect(a.die).toEqual({
      code: 0,
      lines: [`<time> container die <id> (exitCode=3, image=${BUSYBOX}, name=ev-exit3, team=blue)`, `<time> container die <id> (exitCode=0, image=${BUSYBOX}, name=<random>)`],
    });
    expect(a.byName).toEqual(["container create ev-exit3", "container start ev-exit3", "container die ev-exit3"]);
    expect(a.byLabel).toEqual(["ev-exit3 3"]);
    expect(a.byImage).toEqual(["3", "0", "4"]);
    expect(a.json).toEqual([["Action", "Actor", "Type", "from", "id", "scope", "status", "time", "timeNano"]]);
  }, 60_000);

  it("container lifecycle, exec and image events in dockerd's shapes", async () => {
    const repo = (e: Engine) => `${REGISTRY}/events-${e.name}`;
    const [a, b] = await both(async (e) => {
      const t0 = now();
      await docker(e, ["run", "-d", "--name", "ev-life", BUSYBOX, "sleep", "300"]);
      await docker(e, ["exec", "ev-life", "sh", "-c", "exit 2"]);
      await docker(e, ["pause", "ev-life"]);
      await docker(e, ["unpause", "ev-life"]);
      await docker(e, ["rename", "ev-life", "ev-life2"]);
      await docker(e, ["kill", "-s", "USR1", "ev-life2"]);
      await docker(e, ["rm", "-f", "ev-life2"]);
      await docker(e, ["tag", BUSYBOX, `${repo(e)}:v1`]);
      await docker(e, ["push", "-q", `${repo(e)}:v1`]);
      await docker(e, ["rmi", `${repo(e)}:v1`]);
      await docker(e, ["pull", "-q", BUSYBOX]);
      const c = await replay(e, t0, ["--filter", "type=container", "--filter", "event=create", "--filter", "event=start", "--filter", "event=exec_create", "--filter", "event=exec_start", "--filter", "event=exec_die", "--filter", "event=pause", "--filter", "event=unpause", "--filter", "event=rename", "--filter", "event=kill", "--filter", "event=die", "--filter", "event=destroy"]);
      const i = await replay(e, t0, ["--filter", "type=image"]);
      return { c: c.lines, i: i.lines.map((l) => l.replaceAll(repo(e), "<repo>")) };
    });
    expect(a).toEqual(b);
    const img = `image=${BUSYBOX}`;
    expect(a.c).toEqual([
      `<time> container create <id> (${img}, name=ev-life)`,
      `<time> container start <id> (${img}, name=ev-life)`,
      `<time> container exec_create: sh -c exit 2 <id> (execID=<id>, ${img}, name=ev-life)`,
      `<time> container exec_start: sh -c exit 2 <id> (execID=<id>, ${img}, name=ev-life)`,
      `<time> container exec_die <id> (execID=<id>, exitCode=2, ${img}, name=ev-life)`,
      `<time> container pause <id> (${img}, name=ev-life)`,
      `<time> container unpause <id> (${img}, name=ev-life)`,
      `<time> container rename <id> (${img}, name=ev-life2, oldName=/ev-life)`,
      `<time> container kill <id> (${img}, name=ev-life2, signal=10)`,
      `<time> container kill <id> (${img}, name=ev-life2, signal=9)`,
      `<time> container die <id> (exitCode=137, ${img}, name=ev-life2)`,
      `<time> container destroy <id> (${img}, name=ev-life2)`,
    ]);
    expect(a.i).toEqual([
      "<time> image tag <image> (name=<repo>:v1)",
      "<time> image push <repo>:v1 (name=<repo>)",
      "<time> image untag <image> (name=<image>)",
      `<time> image pull ${BUSYBOX} (name=${BUSYBOX.replace(/:latest$/, "")})`,
    ]);
  }, 60_000);

  it("image save, rmi, load and import events as dockerd's", async () => {
    const [a, b] = await both(async (e) => {
      const dir = mkdtempSync(join(tmpdir(), "wharf-events-"));
      try {
        const t0 = now();
        await docker(e, ["save", "-o", join(dir, "bb.tar"), BUSYBOX]);
        await docker(e, ["rmi", BUSYBOX]);
        await docker(e, ["load", "-q", "-i", join(dir, "bb.tar")]);
        writeFileSync(join(dir, "hello.txt"), "hi\n");
        await runCommand("tar", ["-C", dir, "-cf", join(dir, "root.tar"), "hello.txt"]);
        await docker(e, ["import", join(dir, "root.tar"), `events-import-${e.name}:v1`]);
        const r = await replay(e, t0, ["--filter", "type=image"]);
        await docker(e, ["rmi", `events-import-${e.name}:v1`]);
        return r.lines.map((l) => l.replace(e.name, "<engine>"));
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
    expect(a).toEqual(b);
    expect(a).toEqual([
      "<time> image save <image> (name=<image>)",
      "<time> image untag <image> (name=<image>)",
      "<time> image delete <image> (name=<image>)",
      "<time> image load <image> (name=<image>)",
      "<time> image tag <image> (name=events-import-<engine>:v1)",
      "<time> image import <image> (name=<image>)",
    ]);
  }, 60_000);

  it("image events carry the image's labels while it exists (pull, tag, untag; not delete)", async () => {
    const { bin, rest } = busyboxLayerEntries();
    const image = await buildImage({ format: "oci", layers: [{ files: bin }, { files: rest }], config: { Env: ["PATH=/bin"], Cmd: ["sh"], Labels: { "org.wharf.test": "yes" } } as ContainerConfig });
    const ref = `${REGISTRY}/events-labels:v1`;
    await pushImage({ host: REGISTRY }, "events-labels", "v1", image);
    const [a, b] = await both(async (e) => {
      const t0 = now();
      await docker(e, ["pull", "-q", ref]);
      await docker(e, ["tag", ref, `events-labels-${e.name}:v2`]);
      await docker(e, ["rmi", `events-labels-${e.name}:v2`, ref]);
      return (await replay(e, t0, ["--filter", "type=image"])).lines.map((l) => l.replace(`-${e.name}`, "-<engine>"));
    });
    expect(a).toEqual(b);
    expect(a).toEqual([
      `<time> image pull ${ref} (name=${REGISTRY}/events-labels, org.wharf.test=yes)`,
      "<time> image tag <image> (name=events-labels-<engine>:v2, org.wharf.test=yes)",
      "<time> image untag <image> (name=<image>, org.wharf.test=yes)",
      "<time> image untag <image> (name=<image>, org.wharf.test=yes)",
      "<time> image delete <image> (name=<image>)",
    ]);
  }, 60_000);

  it("live: docker events streams a running container's events as they happen", async () => {
    const [a, b] = await both(async (e) => {
      const t0 = now();
      // --since makes the stream start from t0, so nothing is lost between the subscription and the first command.
      const child = spawn(DOCKER_CLI, ["events", "--since", t0, "--filter", "container=ev-live", "--format", "{{.Action}}"], { env: { ...process.env, ...e.env }, stdio: ["ignore", "pipe", "pipe"] });
      let out = "";
      child.stdout.on("data", (d: Buffer) => (out += d.toString()));
      try {
        await docker(e, ["run", "-d", "--name", "ev-live", BUSYBOX, "sh", "-c", "sleep 0.3; exit 5"]);
        await waitFor(`${e.name} die`, async () => (out.includes("die\n") ? true : undefined), { timeoutMs: 15_000 });
        await docker(e, ["rm", "ev-live"]);
        await waitFor(`${e.name} destroy`, async () => (out.includes("destroy\n") ? true : undefined), { timeoutMs: 15_000 });
      } finally {
        child.kill("SIGTERM");
      }
      return out.split("\n").filter((l) => ["create", "start", "die", "destroy"].includes(l));
    });
    expect(a).toEqual(b);
    expect(a).toEqual(["create", "start", "die", "destroy"]);
  }, 60_000);

  it("--until in the future: the stream delivers live events and ends by itself at that time", async () => {
    const [a, b] = await both(async (e) => {
      const t0 = now();
      // 5 s: room for `docker run -d` on a loaded machine before the stream ends.
      const end = (Date.now() / 1000 + 5).toFixed(3);
      const stream = docker(e, ["events", "--since", t0, "--until", end, "--filter", "container=ev-until", "--filter", "event=create", "--filter", "event=start", "--filter", "event=die", "--format", "{{.Action}} {{.Actor.Attributes.exitCode}}"]);
      await new Promise((r) => setTimeout(r, 300));
      await docker(e, ["run", "-d", "--name", "ev-until", BUSYBOX, "sh", "-c", "exit 6"]);
      const r = await stream;
      await docker(e, ["rm", "-f", "ev-until"]);
      return { code: r.code, out: r.stdout, ended: Date.now() / 1000 >= Number(end) };
    });
    expect(a).toEqual(b);
    expect(a).toEqual({ code: 0, out: "create <no value>\nstart <no value>\ndie 6\n", ended: true });
  }, 60_000);

  it("bad input: since after until, unparsable times, malformed filters, as dockerd", async () => {
    const cases: string[][] = [
      ["events", "--since", "100", "--until", "50"],
      ["events", "--since", "abc", "--until", "0s"],
      ["events", "--filter", "type", "--until", "0s"],
      ["events", "--since", "1s", "--until", "0s", "--filter", "type=nosuchtype"],
    ];
    const [a, b] = await both(async (e) => {
      const out: unknown[] = [];
      for (const args of cases) {
        const r = await docker(e, args);
        out.push({ args: args.join(" "), code: r.code, stdout: r.stdout, stderr: r.stderr });
      }
      return out;
    });
    expect(a).toEqual(b);
    expect(a[0]).toMatchObject({ code: 1, stderr: "Error response from daemon: `since` time (100) cannot be after `until` time (50)\n" });
  }, 60_000);
});
