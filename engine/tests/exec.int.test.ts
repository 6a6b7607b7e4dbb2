// docker exec through wharf-shim's exec mode, with the real docker CLI 28 in a real PTY (script(1)) against wharfd
// and the harness dockerd: the exec's PTY has the client's size and follows its resizes (SIGWINCH → the CLI's
// POST /exec/{id}/resize), exit codes propagate, and exec inspect reports Running/Pid/ExitCode/ProcessConfig.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { dockerCli, startDockerd, waitFor, type Dockerd } from "../../tests/harness/index.js";
import { PtyDocker, waitForForeground } from "./lib/pty-docker.js";
import { REPO_ROOT, startWharfd, type Wharfd } from "./lib/start-wharfd.js";
import { engineJson } from "./lib/engine-request.js";

const BUSYBOX = inject("fixtures").busybox.reference;
const SLEEP_BASE = 100000 + (process.pid % 10000) * 2;

type Env = Record<string, string>;
interface Engine {
  name: "wharfd" | "dockerd";
  env: Env;
  socketPath: string;
}

const api = engineJson;

describe("docker exec with a PTY and exec inspect, against wharfd and dockerd", () => {
  let wharfd: Wharfd;
  let dockerd: Dockerd;
  const engines: Engine[] = [];
  const target = `exec-pty-${process.pid}`;
  const both = async <T>(f: (e: Engine) => Promise<T>): Promise<T[]> => Promise.all(engines.map(f));

  beforeAll(async () => {
    [wharfd, dockerd] = await Promise.all([startWharfd(), startDockerd({ iptables: false })]);
    engines.push(
      { name: "wharfd", env: { DOCKER_HOST: wharfd.dockerHost, DOCKER_CONFIG: wharfd.dir }, socketPath: wharfd.socketPath },
      { name: "dockerd", env: dockerd.env as Env, socketPath: dockerd.env.DOCKER_HOST!.replace(/^unix:\/\//, "") },
    );
    await both(async (e) => {
      await dockerCli(e.env, ["pull", "-q", BUSYBOX]);
      const r = await dockerCli(e.env, ["run", "-d", "--name", target, BUSYBOX, "sleep", "1000"]);
      if (r.code !== 0) throw new Error(`${e.name}: ${r.stderr}`);
    });
  }, 120_000);

  afterAll(async () => {
    await both((e) => dockerCli(e.env, ["rm", "-f", target]).catch(() => undefined));
    await Promise.all([wharfd?.stop(), dockerd?.stop()]);
    wharfd?.cleanup();
  }, 120_000);

  it("exec -it sh in a 30x100 PTY: `stty size` is 30 100, follows a resize to 40x120, ^C interrupts, `exit 7` → 7", async () => {
    const results = await both(async (e) => {
      const pty = new PtyDocker(e.env, `exec -it ${target} sh`, 30, 100);
      try {
        await pty.expect(/\/ # /);
        const from = pty.out.length;
        pty.type("stty size");
        const first = (await pty.expect(/\r\n(\d+ \d+)\r\n/, from))[1];
        await pty.resize(40, 120);
        await pty.sttySizeBecomes("40 120");
        // ^C reaches the exec's foreground command (nothing in the chain leaves SIGINT ignored).
        // A sleep unique to this engine and test, so the host can see when it has the terminal's foreground.
        const sleep = ["sleep", String(e.name === "wharfd" ? SLEEP_BASE : SLEEP_BASE + 1)];
        pty.type(sleep.join(" "));
        await waitForForeground(sleep);
        pty.press("\x03");
        const after = pty.out.length;
        pty.type("echo after-$((40+2))");
        await pty.expect(/after-42\r\n/, after);
        pty.type("exit 7");
        return { engine: e.name, first, code: await pty.exited };
      } finally {
        pty.end();
      }
    });
    expect(results).toEqual([
      { engine: "wharfd", first: "30 100", code: 7 },
      { engine: "dockerd", first: "30 100", code: 7 },
    ]);
  }, 90_000);

  it("exec -it stty size sees the client's size at once; a non-TTY exec's resize is a harmless no-op", async () => {
    const results = await both(async (e) => {
      const pty = new PtyDocker(e.env, `exec -it ${target} stty size`, 33, 77);
      const code = await pty.exited;
      pty.end();
      const created = await api(e.socketPath, "POST", `/containers/${target}/exec`, { Cmd: ["sleep", "1"] });
      await api(e.socketPath, "POST", `/exec/${created.json.Id}/start`, { Detach: true });
      const resize = await api(e.socketPath, "POST", `/exec/${created.json.Id}/resize?h=10&w=10`);
      const unknown = await api(e.socketPath, "POST", `/exec/${"0".repeat(64)}/resize?h=10&w=10`);
      return { engine: e.name, size: pty.out.match(/(\d+ \d+)\r\n/)?.[1], code, resize: resize.status, unknown: unknown.status };
    });
    // wharfd sizes the exec's PTY from the start body's ConsoleSize before the process runs. The harness dockerd
    // 20.10 predates ConsoleSize on exec start (API 1.42): its PTY is 0x0 until the CLI's resize call lands, so a
    // `stty size` that runs at once races it there — only the engine-neutral parts are compared for dockerd.
    expect(results[0]).toEqual({ engine: "wharfd", size: "33 77", code: 0, resize: results[1]!.resize, unknown: 404 });
    expect({ ...results[1], size: undefined }).toEqual({ engine: "dockerd", size: undefined, code: 0, resize: 200, unknown: 404 });
  }, 60_000);

  it("exec inspect: Running and the host Pid while it runs, ExitCode after, ProcessConfig as dockerd", async () => {
    const results = await both(async (e) => {
      const cmd = ["sh", "-c", "while [ ! -e /tmp/exec-go ]; do sleep 0.05; done; exit 3"];
      const created = await api(e.socketPath, "POST", `/containers/${target}/exec`, { Cmd: cmd, User: "nobody", Tty: true });
      const id = created.json.Id as string;
      const before = (await api(e.socketPath, "GET", `/exec/${id}/json`)).json;
      expect((await api(e.socketPath, "POST", `/exec/${id}/start`, { Detach: true, Tty: true })).status).toBe(200);
      // The Pid is a host pid: the exec's shell, running as nobody. (dockerd reports Running and the Pid a moment
      // before runc's child has exec'd the shell, so its cmdline may still read "runc" at first.)
      const cmdlineOf = (pid: number) => readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0")[0];
      const running = await waitFor("exec running", async () => {
        const j = (await api(e.socketPath, "GET", `/exec/${id}/json`)).json;
        return j.Running && j.Pid > 0 && cmdlineOf(j.Pid) === "sh" ? j : undefined;
      });
      const hostCmdline = cmdlineOf(running.Pid);
      const hostUid = readFileSync(`/proc/${running.Pid}/status`, "utf8").match(/^Uid:\s+(\d+)/m)![1];
      await dockerCli(e.env, ["exec", target, "touch", "/tmp/exec-go"]);
      const done = await waitFor("exec exit", async () => {
        const j = (await api(e.socketPath, "GET", `/exec/${id}/json`)).json;
        return j.Running ? undefined : j;
      });
      await dockerCli(e.env, ["exec", target, "rm", "/tmp/exec-go"]);
      // An exec that ends at once still reports its pid afterwards.
      const quick = (await api(e.socketPath, "POST", `/containers/${target}/exec`, { Cmd: ["true"] })).json.Id as string;
      await api(e.socketPath, "POST", `/exec/${quick}/start`, { Detach: true });
      const quickDone = await waitFor("quick exec exit", async () => {
        const j = (await api(e.socketPath, "GET", `/exec/${quick}/json`)).json;
        return j.ExitCode === null ? undefined : j;
      });
      return {
        quick: [quickDone.Running, quickDone.ExitCode, quickDone.Pid > 0],
        engine: e.name,
        before: [before.Running, before.ExitCode, before.Pid],
        running: [running.Running, running.ExitCode],
        hostCmdline, hostUid,
        pidGone: !existsSync(`/proc/${running.Pid}`),
        done: [done.Running, done.ExitCode],
        processConfig: done.ProcessConfig,
      };
    });
    expect(results[0]).toEqual({ ...results[1], engine: "wharfd" });
    expect(results[0]).toMatchObject({ quick: [false, 0, true], before: [false, null, 0], running: [true, null], hostCmdline: "sh", hostUid: "65534", pidGone: true, done: [false, 3] });
    expect(results[0]!.processConfig).toEqual({ arguments: ["-c", "while [ ! -e /tmp/exec-go ]; do sleep 0.05; done; exit 3"], entrypoint: "sh", privileged: false, tty: true, user: "nobody" });
  }, 60_000);

  it("wharfd killed mid-exec: the exec runs on under its shim; its state dir goes at a start after the exec ended", async () => {
    const e = engines[0]!;
    const execDir = join(wharfd.execRoot, "exec");
    const created = await api(e.socketPath, "POST", `/containers/${target}/exec`, { Cmd: ["sh", "-c", "while [ ! -e /tmp/crash-go ]; do sleep 0.05; done"] });
    await api(e.socketPath, "POST", `/exec/${created.json.Id}/start`, { Detach: true });
    const pid = await waitFor("exec pid", async () => (await api(e.socketPath, "GET", `/exec/${created.json.Id}/json`)).json.Pid || undefined);
    const dir = (created.json.Id as string).slice(0, 16); // ExecService: <exec-root>/exec/<exec id 16>
    const shimPid = Number(readFileSync(join(execDir, dir, "state", "shim.pid"), "utf8"));
    await wharfd.kill();
    wharfd = await startWharfd({ dir: wharfd.dir });
    // The exec and its shim survived the crash, and the restarted daemon leaves a live exec's dir alone.
    expect([existsSync(`/proc/${pid}`), existsSync(`/proc/${shimPid}`), readdirSync(execDir).includes(dir)]).toEqual([true, true, true]);
    expect((await dockerCli(e.env, ["exec", target, "touch", "/tmp/crash-go"])).code).toBe(0);
    await waitFor("the exec shim to end", async () => (existsSync(`/proc/${shimPid}`) ? undefined : true));
    await wharfd.stop();
    wharfd = await startWharfd({ dir: wharfd.dir });
    expect(readdirSync(execDir)).toEqual([]);
  }, 60_000);

  it("exec --privileged asks for every capability, answered as dockerd; a plain exec gets Docker's default set", async () => {
    const results = await both(async (e) => {
      const plain = await dockerCli(e.env, ["exec", target, "grep", "CapEff", "/proc/self/status"]);
      const privileged = await dockerCli(e.env, ["exec", "--privileged", target, "grep", "CapEff", "/proc/self/status"]);
      return { engine: e.name, plain: plain.stdout, privilegedCode: privileged.code, privilegedOut: privileged.stdout };
    });
    expect(results.map((r) => r.plain)).toEqual(["CapEff:\t00000000a80425fb\n", "CapEff:\t00000000a80425fb\n"]); // Docker's 14
    // Where the host may grant them, both give the exec the full set; on a host whose own bounding set lacks some
    // (this VM), both runtimes fail capset with EPERM and the exec ends 126 with the reason in-band.
    expect(results[0]!.privilegedCode).toBe(results[1]!.privilegedCode);
    if (results[1]!.privilegedCode === 0) expect(results[0]!.privilegedOut).toBe(results[1]!.privilegedOut);
    else expect(results.map((r) => [r.privilegedCode, /^OCI runtime exec failed: exec failed: unable to start container process: .*operation not permitted: unknown\r\n$/i.test(r.privilegedOut)])).toEqual([[126, true], [126, true]]);
  }, 60_000);

  it("40 execs (plain, -t, -i with stdin, failing) leave no exec shim, exec state dir or open fd in wharfd", async () => {
    const e = engines[0]!;
    const execDir = join(wharfd.execRoot, "exec");
    const read = (path: string) => {
      try {
        return readFileSync(path, "utf8");
      } catch {
        return "";
      }
    };
    const count = () => ({
      fds: readdirSync(`/proc/${wharfd.process.pid}/fd`).length,
      execDirs: existsSync(execDir) ? readdirSync(execDir).length : 0,
      execShims: readdirSync("/proc").filter((p) => /^\d+$/.test(p) && read(`/proc/${p}/cmdline`).startsWith(`${join(REPO_ROOT, "native/build/wharf-shim")}\0exec\0`) && read(`/proc/${p}/cmdline`).includes(wharfd.execRoot)).length,
    });
    const before = count();
    const codes: number[] = [];
    for (let i = 0; i < 10; i++) {
      codes.push((await dockerCli(e.env, ["exec", target, "true"])).code);
      codes.push((await dockerCli(e.env, ["exec", "-t", target, "sh", "-c", "exit 2"])).code);
      codes.push((await dockerCli(e.env, ["exec", "-i", target, "cat"], { input: "x\n" })).code);
      codes.push((await dockerCli(e.env, ["exec", target, "nosuchcommand"])).code);
    }
    expect(codes).toEqual(Array.from({ length: 10 }, () => [0, 2, 0, 126]).flat()); // 126: dockerd's code for an exec that cannot start
    // Open fds may be fewer than at the baseline (an idle connection closed since), never more.
    const after = await waitFor("exec resources released", async () => {
      const c = count();
      return c.execDirs === before.execDirs && c.execShims === before.execShims && c.fds <= before.fds ? c : undefined;
    }, { timeoutMs: 10_000 }).catch(() => count());
    expect({ ...after, fds: Math.max(after.fds, before.fds) }).toEqual(before);
  }, 120_000);
});
