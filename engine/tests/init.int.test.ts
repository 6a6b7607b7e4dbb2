// `docker run --init` (HostConfig.Init) with the real docker CLI against wharfd (native/build/wharf-init mounted at
// /sbin/docker-init) and the harness dockerd (Debian's docker-init, tini-static): the init is PID 1, signals reach
// the command (docker stop ends it with SIGTERM → 143, not the 137 of a PID 1 that ignores SIGTERM), orphans are
// reaped, and the command's exit code is the container's.
import { statSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { dockerCli, startDockerd, type Dockerd } from "../../tests/harness/index.js";
import { PtyDocker, waitForForeground } from "./lib/pty-docker.js";
import { REPO_ROOT, startWharfd, type Wharfd } from "./lib/start-wharfd.js";

const BUSYBOX = inject("fixtures").busybox.reference;
const SLEEP_BASE = 200000 + (process.pid % 10000) * 2;

type Env = Record<string, string>;
interface Engine {
  name: "wharfd" | "dockerd";
  env: Env;
}

describe("docker run --init against wharfd and dockerd", () => {
  let wharfd: Wharfd;
  let dockerd: Dockerd;
  const engines: Engine[] = [];
  const both = async <T>(f: (e: Engine) => Promise<T>): Promise<T[]> => Promise.all(engines.map(f));
  const docker = (e: Engine, args: string[]) => dockerCli(e.env, args, { timeout: 60_000 });
  const suffix = `${process.pid}`;

  beforeAll(async () => {
    [wharfd, dockerd] = await Promise.all([startWharfd(), startDockerd({ iptables: false })]);
    engines.push({ name: "wharfd", env: { DOCKER_HOST: wharfd.dockerHost, DOCKER_CONFIG: wharfd.dir } }, { name: "dockerd", env: dockerd.env as Env });
    await both((e) => docker(e, ["pull", "-q", BUSYBOX]));
  }, 120_000);

  afterAll(async () => {
    await both(async (e) => {
      const left = (await docker(e, ["ps", "-aq", "--filter", `name=init-${suffix}`])).stdout.split("\n").filter(Boolean);
      if (left.length) await docker(e, ["rm", "-f", ...left]);
    });
    await Promise.all([wharfd?.stop(), dockerd?.stop()]);
    wharfd?.cleanup();
  }, 120_000);

  it("ps shows docker-init as PID 1 and the command as its child; exit 5 → 5 (also with --read-only); HostConfig.Init in inspect", async () => {
    const results = await both(async (e) => {
      const ps = await docker(e, ["run", "--init", "--rm", BUSYBOX, "ps", "-o", "pid,ppid,comm"]);
      const rows = ps.stdout.trim().split("\n").map((l) => l.trim().split(/\s+/));
      const exit5 = await docker(e, ["run", "--init", "--read-only", "--rm", BUSYBOX, "sh", "-c", "exit 5"]);
      const name = `init-${suffix}-inspect`;
      await docker(e, ["create", "--init", "--name", name, BUSYBOX, "true"]);
      await docker(e, ["create", "--name", `${name}-no`, BUSYBOX, "true"]);
      const inspect = await docker(e, ["inspect", "-f", "{{json .HostConfig.Init}} {{.Path}} {{json .Args}}", name, `${name}-no`]);
      await docker(e, ["rm", name, `${name}-no`]);
      return { code: ps.code, header: rows[0], pid1: rows[1], child: [rows[2]?.[1], rows[2]?.[2]], exit5: exit5.code, inspect: inspect.stdout };
    });
    expect(results[0]).toEqual(results[1]);
    expect(results[0]).toEqual({ code: 0, header: ["PID", "PPID", "COMMAND"], pid1: ["1", "0", "docker-init"], child: ["1", "ps"], exit5: 5, inspect: "true true []\nnull true []\n" });
  }, 60_000);

  it("docker stop reaches the command through the init: SIGTERM ends `sleep` at once, exit code 143", async () => {
    const results = await both(async (e) => {
      const name = `init-${suffix}-stop`;
      await docker(e, ["run", "-d", "--init", "--name", name, BUSYBOX, "sleep", "1000"]);
      // A long grace period: only a forwarded SIGTERM (143) ends it before it would be SIGKILLed (137).
      const stop = await docker(e, ["stop", "-t", "60", name]);
      const state = await docker(e, ["inspect", "-f", "{{.State.Status}} {{.State.ExitCode}}", name]);
      await docker(e, ["rm", name]);
      return { stop: stop.code, state: state.stdout };
    });
    expect(results).toEqual([
      { stop: 0, state: "exited 143\n" },
      { stop: 0, state: "exited 143\n" },
    ]);
  }, 150_000);

  it("reaps orphans: a daemonised grandchild that exits leaves no zombie (its /proc entry goes away)", async () => {
    // The inner sh backgrounds `sleep` and exits, so the sleep is reparented to PID 1; only if PID 1 waits for it
    // does /proc/<pid> disappear and the loop end.
    const script = 'sh -c "sleep 0.2 >/dev/null & echo \\$!" > /tmp/orphan; p=$(cat /tmp/orphan); while [ -e /proc/$p ]; do sleep 0.05; done; echo reaped; ps -o stat,comm | grep -c "^Z" || true';
    const results = await both((e) => docker(e, ["run", "--init", "--rm", BUSYBOX, "sh", "-c", script]));
    expect(results.map((r) => [r.code, r.stdout])).toEqual([
      [0, "reaped\n0\n"],
      [0, "reaped\n0\n"],
    ]);
  }, 60_000);

  it("run -it --init: the shell owns the terminal (the init hands it the foreground), ^C interrupts a command, exit 3 → 3", async () => {
    const results = await both(async (e) => {
      const pty = new PtyDocker(e.env, `run -it --rm --init ${BUSYBOX} sh`, 24, 80);
      try {
        await pty.expect(/\/ # /);
        // A sleep unique to this engine and test, so the host can see when it has the terminal's foreground.
        const sleep = ["sleep", String(e.name === "wharfd" ? SLEEP_BASE : SLEEP_BASE + 1)];
        pty.type(sleep.join(" "));
        await waitForForeground(sleep);
        pty.press("\x03");
        const from = pty.out.length;
        pty.type("echo after-$((40+2))");
        await pty.expect(/after-42\r\n/, from);
        pty.type("exit 3");
        return { engine: e.name, code: await pty.exited };
      } finally {
        pty.end();
      }
    });
    expect(results).toEqual([
      { engine: "wharfd", code: 3 },
      { engine: "dockerd", code: 3 },
    ]);
  }, 90_000);

  it("--init-path puts another init at /sbin/docker-init: wharfd with Debian's tini-static (dockerd's docker-init)", async () => {
    const other = await startWharfd({ extraArgs: ["--init-path", "/usr/bin/tini-static"] });
    try {
      const env = { DOCKER_HOST: other.dockerHost, DOCKER_CONFIG: other.dir };
      await dockerCli(env, ["pull", "-q", BUSYBOX]);
      // The file at /sbin/docker-init is the one the daemon was told to use.
      const size = ["run", "--init", "--rm", BUSYBOX, "sh", "-c", "wc -c < /sbin/docker-init"];
      const [tini, ours] = await Promise.all([dockerCli(env, size), docker(engines[0]!, size)]);
      expect([tini.code, Number(tini.stdout)]).toEqual([0, statSync("/usr/bin/tini-static").size]);
      expect([ours.code, Number(ours.stdout)]).toEqual([0, statSync(join(REPO_ROOT, "native/build/wharf-init")).size]);
    } finally {
      await other.stop();
      other.cleanup();
    }
  }, 90_000);
});
