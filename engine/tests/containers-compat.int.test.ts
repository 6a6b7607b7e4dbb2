// Clients other than the docker CLI against wharfd, each compared with the harness's real dockerd 20.10: dockerode
// (npm) drives create/start/logs/exec/remove; Debian's docker-compose 1.29.2 (a Python client of the same API) runs
// up -d / ps / down for a two-service project. Then engine robustness: kill -9 of wharfd with five running
// containers and a sixth that exits while wharfd is down, and bad create bodies (huge, wrong field types).
import { readFileSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import type { Socket } from "node:net";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import Docker from "dockerode";
import { WebSocket } from "ws";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { dockerCli, runCommand, startDockerd, tempDir, waitFor, type Dockerd, type TempDir } from "../../tests/harness/index.js";
import { startWharfd, type Wharfd } from "./lib/start-wharfd.js";
import { engineRequest } from "./lib/engine-request.js";

const BUSYBOX = inject("fixtures").busybox.reference;
type Env = Record<string, string>;
interface Engine {
  name: "wharfd" | "dockerd";
  env: Env;
  socketPath: string;
}

const api = (socketPath: string, method: string, path: string, body?: string | Buffer) => engineRequest(socketPath, method, path, body);

/** Splits a multiplexed (non-TTY) stream buffer into stdout and stderr text. */
function demux(buf: Buffer): { stdout: string; stderr: string } {
  const out = { stdout: "", stderr: "" };
  for (let i = 0; i + 8 <= buf.length; ) {
    const len = buf.readUInt32BE(i + 4);
    const payload = buf.subarray(i + 8, i + 8 + len).toString();
    if (buf[i] === 1) out.stdout += payload;
    else if (buf[i] === 2) out.stderr += payload;
    i += 8 + len;
  }
  return out;
}


/** A hijacked attach (POST …/attach, Upgrade: tcp): the status line and the socket after the headers. */
function hijack(socketPath: string, path: string): Promise<{ status: number; socket: Socket; head: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request({ socketPath, method: "POST", path, headers: { host: "docker", Connection: "Upgrade", Upgrade: "tcp" } });
    req.on("upgrade", (res, socket, head) => resolve({ status: res.statusCode ?? 0, socket: socket as Socket, head }));
    req.on("response", (res) => {
      let b = "";
      res.on("data", (d) => (b += d));
      res.on("end", () => reject(new Error(`no upgrade: ${res.statusCode} ${b}`)));
    });
    req.on("error", reject);
    req.end();
  });
}

/** Everything the server sends on a hijacked socket until it closes it (or `ms` passes: then "(open)" is appended). */
function readUntilClosed(socket: Socket, head: Buffer, ms: number): Promise<Buffer> {
  return new Promise((resolve) => {
    const chunks = [head];
    const timer = setTimeout(() => {
      socket.destroy();
      resolve(Buffer.concat([...chunks, Buffer.from("(open)")]));
    }, ms);
    socket.on("data", (d: Buffer) => chunks.push(d));
    socket.on("close", () => {
      clearTimeout(timer);
      resolve(Buffer.concat(chunks));
    });
  });
}

describe("dockerode, docker-compose, kill -9 and bad input against wharfd and dockerd", () => {
  let wharfd: Wharfd;
  let dockerd: Dockerd;
  let tmp: TempDir;
  const engines: Engine[] = [];
  const ours = () => engines[0]!;
  const docker = (e: Engine, args: string[]) => dockerCli(e.env, args);
  const both = async <T>(f: (e: Engine) => Promise<T>): Promise<[T, T]> => {
    const [a, b] = await Promise.all(engines.map(f));
    return [a!, b!];
  };

  beforeAll(async () => {
    [wharfd, dockerd] = await Promise.all([startWharfd(), startDockerd({ iptables: false })]);
    tmp = tempDir("wh-compat-test");
    engines.push(
      { name: "wharfd", env: { DOCKER_HOST: wharfd.dockerHost, DOCKER_CONFIG: wharfd.dir }, socketPath: wharfd.socketPath },
      { name: "dockerd", env: dockerd.env as Env, socketPath: dockerd.socketPath },
    );
    await both((e) => docker(e, ["pull", "-q", BUSYBOX]));
  }, 180_000);

  afterAll(async () => {
    for (const e of engines) {
      const left = (await docker(e, ["ps", "-aq"]).catch(() => ({ stdout: "" }))).stdout.split("\n").filter(Boolean);
      if (left.length) await docker(e, ["rm", "-f", ...left]);
    }
    tmp?.remove();
    await Promise.all([wharfd?.stop(), dockerd?.stop()]);
    wharfd?.cleanup();
  }, 120_000);

  it("dockerode: create, start, list, logs, exec with exit code, inspect, remove — what the program sees is dockerd's", async () => {
    const scenario = async (e: Engine) => {
      const client = new Docker({ socketPath: e.socketPath });
      const c = await client.createContainer({ name: "dode", Image: BUSYBOX, Cmd: ["sh", "-c", "echo out; echo err >&2; sleep 1000"], Labels: { suite: "compat" } });
      await c.start();
      const listed = (await client.listContainers({ all: true, filters: { label: ["suite=compat"] } })).map((x) => [x.Names, x.State, x.Labels.suite]);
      let logs = { stdout: "", stderr: "" };
      for (let i = 0; i < 50 && !logs.stderr; i++) {
        logs = demux((await c.logs({ stdout: true, stderr: true, follow: false })) as unknown as Buffer);
        if (!logs.stderr) await new Promise((r) => setTimeout(r, 100));
      }
      const exec = await c.exec({ Cmd: ["sh", "-c", "echo exec-out; echo exec-err >&2; exit 3"], AttachStdout: true, AttachStderr: true });
      const stream = await exec.start({ hijack: true, stdin: false });
      const execOut = { stdout: "", stderr: "" };
      await new Promise<void>((resolve, reject) => {
        const so = new PassThrough();
        const se = new PassThrough();
        so.on("data", (d) => (execOut.stdout += d));
        se.on("data", (d) => (execOut.stderr += d));
        c.modem.demuxStream(stream, so, se);
        stream.on("end", () => resolve());
        stream.on("error", reject);
      });
      let execInfo = await exec.inspect();
      for (let i = 0; i < 50 && execInfo.Running; i++) execInfo = await exec.inspect();
      const info = await c.inspect();
      await c.remove({ force: true });
      const gone = await c.inspect().then(() => 200, (err: { statusCode?: number }) => err.statusCode);
      return { listed, logs, execOut, exitCode: execInfo.ExitCode, running: info.State.Running, name: info.Name, cmd: info.Config.Cmd, gone };
    };
    const [a, b] = await both(scenario);
    expect(a).toEqual(b);
    expect(a).toMatchObject({ logs: { stdout: "out\n", stderr: "err\n" }, execOut: { stdout: "exec-out\n", stderr: "exec-err\n" }, exitCode: 3, running: true, name: "/dode", gone: 404 });
  });

  it("docker-compose 1.29 (Debian): up -d, ps, exec across the project network, logs and down of a two-service project", async () => {
    const project = `wc${process.pid}`;
    const file = join(tmp.path, "docker-compose.yml");
    writeFileSync(
      file,
      [
        'version: "2.4"',
        "services:",
        "  web:",
        `    image: ${BUSYBOX}`,
        '    command: ["httpd", "-f", "-p", "8080", "-h", "/etc"]',
        "  worker:",
        `    image: ${BUSYBOX}`,
        '    command: ["sh", "-c", "echo worker ready; sleep 1000"]',
        "    depends_on: [web]",
        "",
      ].join("\n"),
    );
    const compose = (e: Engine, args: string[]) => runCommand("docker-compose", ["-f", file, "-p", project, ...args], { env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: tmp.path, DOCKER_HOST: `unix://${e.socketPath}` }, timeout: 60_000 });
    const [u1, u2] = await both((e) => compose(e, ["up", "-d"]));
    // Compose works on services in parallel: the progress lines are the same, their order may differ.
    const lines = (x: string) => x.split("\n").sort();
    expect([u1.code, u2.code, lines(u1.stderr)]).toEqual([0, 0, lines(u2.stderr)]);
    expect(u1.stderr).toContain(`Creating network "${project}_default" with the default driver`);
    expect(u1.stderr).toContain(`Creating ${project}_worker_1 ... done`);
    // The project network's DNS: the worker reaches the web service by its name.
    const [w1, w2] = await both(async (e) => {
      for (let i = 0; i < 30; i++) {
        const r = await compose(e, ["exec", "-T", "worker", "wget", "-q", "-O", "-", "http://web:8080/group"]);
        if (r.code === 0) return r.stdout.split("\n")[0];
        await new Promise((res) => setTimeout(res, 200));
      }
      return "unreachable";
    });
    expect(w1).toBe(w2);
    expect(w1).toMatch(/^root:/);
    const [p1, p2] = await both((e) => compose(e, ["ps"]));
    expect(p1.code).toBe(0);
    const rows = (s: string) => s.split("\n").slice(2).filter(Boolean).map((l) => l.split(/\s{2,}/).filter((f) => f !== "")).map((f) => [f[0], f.at(-2) ?? f.at(-1)]);
    expect(rows(p1.stdout)).toEqual(rows(p2.stdout));
    expect(rows(p1.stdout).map((r) => r[0])).toEqual([`${project}_web_1`, `${project}_worker_1`]);
    expect(p1.stdout).toContain("Up");
    const [l1, l2] = await both(async (e) => {
      for (let i = 0; i < 50; i++) {
        const r = await compose(e, ["logs", "--no-color", "worker"]);
        if (r.stdout.includes("worker ready")) return r.stdout;
        await new Promise((res) => setTimeout(res, 100));
      }
      return "";
    });
    expect(l1).toBe(l2);
    const [labels1, labels2] = await both((e) => docker(e, ["ps", "--filter", `label=com.docker.compose.project=${project}`, "--format", '{{.Names}} {{.Label "com.docker.compose.service"}} {{.State}}']));
    expect(labels1.stdout.split("\n").sort()).toEqual(labels2.stdout.split("\n").sort());
    const [d1, d2] = await both((e) => compose(e, ["down", "-t", "1"]));
    expect([d1.code, d2.code, lines(d1.stderr)]).toEqual([0, 0, lines(d2.stderr)]);
    const [left1, left2] = await both((e) => docker(e, ["ps", "-a", "--filter", `label=com.docker.compose.project=${project}`, "-q"]));
    expect([left1.stdout, left2.stdout]).toEqual(["", ""]);
  });

  it("docker-compose up in the foreground: attaches with logs=1, prints each service's output, ends when both exit", async () => {
    const project = `wf${process.pid}`;
    const file = join(tmp.path, "docker-compose-fg.yml");
    writeFileSync(
      file,
      ['version: "2.4"', "services:", "  one:", `    image: ${BUSYBOX}`, '    command: ["sh", "-c", "echo hello from one; sleep 1"]', "  two:", `    image: ${BUSYBOX}`, '    command: ["sh", "-c", "echo hello from two; sleep 1; exit 3"]', ""].join("\n"),
    );
    const compose = (e: Engine, args: string[]) => runCommand("docker-compose", ["--no-ansi", "-f", file, "-p", project, ...args], { env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: tmp.path, DOCKER_HOST: `unix://${e.socketPath}` }, timeout: 60_000 });
    const [a, b] = await both((e) => compose(e, ["up"]));
    const attaching = (l: string) => (l.startsWith("Attaching to ") ? `Attaching to ${l.slice(13).split(", ").sort().join(", ")}` : l);
    const lines = (x: string) => x.split("\n").filter(Boolean).map((l) => attaching(l.replace(/\s+\|/, " |"))).sort();
    expect(lines(a.stdout)).toEqual(lines(b.stdout));
    expect(lines(a.stdout)).toEqual(expect.arrayContaining([`Attaching to ${project}_one_1, ${project}_two_1`, "one_1 | hello from one", "two_1 | hello from two", `${project}_two_1 exited with code 3`]));
    expect(a.code).toBe(b.code);
    await both((e) => compose(e, ["down"]));
  });

  it("bad create bodies: wrong field types get dockerd's message (400), unknown fields are ignored, a 50 MB body is created as by dockerd, one past the cap is refused", async () => {
    const cases: Array<[string, Record<string, unknown>]> = [
      ["Tty string", { Image: BUSYBOX, Tty: "yes" }],
      ["Cmd number", { Image: BUSYBOX, Cmd: 5 }],
      ["Env object", { Image: BUSYBOX, Env: { A: "b" } }],
      ["Env element", { Image: BUSYBOX, Env: ["A=b", 7] }],
      ["Labels array", { Image: BUSYBOX, Labels: ["a"] }],
      ["Labels value", { Image: BUSYBOX, Labels: { a: 1 } }],
      ["Image number", { Image: 5 }],
      ["StopTimeout string", { Image: BUSYBOX, StopTimeout: "5" }],
      ["HostConfig string", { Image: BUSYBOX, HostConfig: "x" }],
      ["Memory string", { Image: BUSYBOX, HostConfig: { Memory: "lots" } }],
      ["NanoCpus fraction", { Image: BUSYBOX, HostConfig: { NanoCpus: 1.5 } }],
      ["Privileged number", { Image: BUSYBOX, HostConfig: { Privileged: 1 } }],
    ];
    const before = (await docker(ours(), ["ps", "-aq"])).stdout;
    for (const [name, body] of cases) {
      const [a, b] = await both((e) => api(e.socketPath, "POST", "/v1.41/containers/create", JSON.stringify(body)));
      // dockerd 20.10 answers 500 (unclassified decode error); the message is the same.
      expect({ name, status: a.status, message: JSON.parse(a.body).message }).toEqual({ name, status: 400, message: JSON.parse(b.body).message });
    }
    expect((await docker(ours(), ["ps", "-aq"])).stdout).toBe(before);
    // Unknown fields (any type) are ignored; a strslice given as a string is a one-element list, as in Go.
    const [u1, u2] = await both(async (e) => {
      const r = await api(e.socketPath, "POST", "/v1.41/containers/create?name=unknowns", JSON.stringify({ Image: BUSYBOX, Cmd: "true", Bogus: { x: [1] }, HostConfig: { AlsoBogus: 5 } }));
      const cmd = (await docker(e, ["inspect", "-f", "{{json .Config.Cmd}}", "unknowns"])).stdout;
      await docker(e, ["rm", "unknowns"]);
      return [r.status, cmd];
    });
    expect(u1).toEqual(u2);
    expect(u1).toEqual([201, '["true"]\n']);
    // 50 MB: dockerd creates it; so does wharfd, and the label comes back whole.
    const huge = JSON.stringify({ Image: BUSYBOX, Cmd: ["true"], Labels: { big: "x".repeat(50 << 20) } });
    const [h1, h2] = await both(async (e) => {
      const r = await api(e.socketPath, "POST", "/v1.41/containers/create?name=huge", huge);
      const size = (await docker(e, ["inspect", "-f", "{{len (index .Config.Labels \"big\")}}", "huge"])).stdout;
      await docker(e, ["rm", "huge"]);
      return [r.status, size];
    });
    expect(h1).toEqual(h2);
    expect(h1).toEqual([201, `${50 << 20}\n`]);
    // Past wharfd's cap (64 MiB) the body is refused while reading, never buffered whole.
    const over = await api(wharfd.socketPath, "POST", "/v1.41/containers/create?name=over", JSON.stringify({ Image: BUSYBOX, Labels: { big: "x".repeat(80 << 20) } })).catch((err: Error) => ({ status: -1, body: err.message }));
    expect(over.status === 400 ? JSON.parse(over.body).message : over.body).toMatch(/request body too large|EPIPE|ECONNRESET/);
    expect((await docker(ours(), ["ps", "-aq"])).stdout).toBe(before);
    expect((await api(wharfd.socketPath, "GET", "/_ping")).body).toBe("OK");
  });

  it("attach: logs=1 replays the log first, stream=0 ends after it; live output follows with stream=1", async () => {
    const [a, b] = await both(async (e) => {
      await docker(e, ["run", "-d", "--name", "replay", BUSYBOX, "sh", "-c", "echo first; echo err1 >&2; sleep 4; echo second; sleep 1000"]);
      for (let i = 0; i < 50 && !(await docker(e, ["logs", "replay"])).stderr; i++) await new Promise((r) => setTimeout(r, 100));
      const only = await hijack(e.socketPath, "/v1.41/containers/replay/attach?logs=1&stream=0&stdout=1&stderr=1");
      const replay = demux(await readUntilClosed(only.socket, only.head, 5000));
      const noStderr = await hijack(e.socketPath, "/v1.41/containers/replay/attach?logs=1&stream=0&stdout=1");
      const stdoutOnly = demux(await readUntilClosed(noStderr.socket, noStderr.head, 5000));
      const live = await hijack(e.socketPath, "/v1.41/containers/replay/attach?logs=1&stream=1&stdout=1&stderr=1");
      const both = demux(await readUntilClosed(live.socket, live.head, 6000));
      return { status: only.status, replay, stdoutOnly, live: both };
    });
    expect(a).toEqual(b);
    expect(a).toEqual({ status: 101, replay: { stdout: "first\n", stderr: "err1\n" }, stdoutOnly: { stdout: "first\n", stderr: "" }, live: { stdout: "first\nsecond\n", stderr: "err1\n" } });
  });

  it("attach detach keys: ctrl-p ctrl-q (or --detach-keys) typed on a TTY's stdin ends the attach, the container runs on", async () => {
    const [a, b] = await both(async (e) => {
      await docker(e, ["run", "-dit", "--name", "detach", BUSYBOX, "sh"]);
      const out: Record<string, string> = {};
      for (const [label, q, keys] of [["default", "", [0x10, 0x11]], ["custom", "&detachKeys=ctrl-a,x", [0x01, 0x78]]] as const) {
        const h = await hijack(e.socketPath, `/v1.41/containers/detach/attach?stream=1&stdin=1&stdout=1${q}`);
        let seen = h.head.toString();
        h.socket.on("data", (d: Buffer) => (seen += d.toString()));
        const done = readUntilClosed(h.socket, h.head, 10_000);
        h.socket.write("echo mark$((40+2))\r");
        // The keys only once the shell has answered (a loaded machine can take a while).
        for (let i = 0; i < 50 && !seen.includes("mark42"); i++) await new Promise((r) => setTimeout(r, 100));
        for (const k of [Buffer.from([keys[0]]), Buffer.from([keys[1]])]) {
          h.socket.write(k);
          await new Promise((r) => setTimeout(r, 300));
        }
        out[label] = (await done).toString().includes("mark42") ? "echoed" : "no echo";
        out[`${label}Closed`] = String(!(await done).toString().endsWith("(open)"));
      }
      // dockerd 20.10 writes this refusal as text/plain, wharfd as its usual {"message"}: the same status and words.
      const message = (body: string) => (body.startsWith("{") ? (JSON.parse(body) as { message: string }).message : body.trim());
      out.bad = await hijack(e.socketPath, "/v1.41/containers/detach/attach?stream=1&detachKeys=ctrl-1").then(
        () => "upgraded",
        (err: Error) => err.message.replace(/^(no upgrade: \d+) (.*)$/s, (_m, st: string, body: string) => `${st} ${message(body)}`),
      );
      out.state = (await docker(e, ["inspect", "-f", "{{.State.Status}}", "detach"])).stdout;
      return out;
    });
    expect(a).toEqual(b);
    expect(a).toEqual({ default: "echoed", defaultClosed: "true", custom: "echoed", customClosed: "true", bad: "no upgrade: 400 Invalid detach keys (ctrl-1) provided", state: "running\n" });
  });

  it("docker run -it then ctrl-p ctrl-q through a real PTY: the CLI detaches, the container (StdinOnce, TTY) runs on and can be attached again", async () => {
    const [a, b] = await both(async (e) => {
      const envs = Object.entries(e.env).map(([k, v]) => `${k}=${v}`).join(" ");
      const feed = "sleep 3; printf 'echo typed$((6*7))\\r'; sleep 1.5; printf '\\020'; sleep 0.3; printf '\\021'; sleep 1.5";
      const r = await runCommand("sh", ["-c", `(${feed}) | env ${envs} DOCKER_CLI_HINTS=false script -qec "docker run -it --name ptydetach ${BUSYBOX} sh" /dev/null`], { timeout: 30_000 });
      const state = (await docker(e, ["inspect", "-f", "{{.State.Status}}", "ptydetach"])).stdout;
      const again = await runCommand("sh", ["-c", `(sleep 2; printf 'echo again$((1+1))\\r'; sleep 1.5; printf '\\020'; sleep 0.3; printf '\\021'; sleep 1) | env ${envs} script -qec "docker attach ptydetach" /dev/null`], { timeout: 30_000 });
      await docker(e, ["rm", "-f", "ptydetach"]);
      return { code: r.code, typed: r.stdout.includes("typed42"), state, againCode: again.code, again: again.stdout.includes("again2") };
    });
    expect(a).toEqual(b);
    // `docker attach` ends with "read escape sequence" and status 1 after a detach, `docker run -it` with 0.
    expect(a).toEqual({ code: 0, typed: true, state: "running\n", againCode: 1, again: true });
  });

  it("attach over a websocket (attach/ws): raw streams both ways in binary frames (API >= 1.28)", async () => {
    const [a, b] = await both(async (e) => {
      await docker(e, ["run", "-di", "--name", "wsc", BUSYBOX, "sh", "-c", "echo ready; cat"]);
      for (let i = 0; i < 50 && !(await docker(e, ["logs", "wsc"])).stdout; i++) await new Promise((r) => setTimeout(r, 100));
      const ws = new WebSocket(`ws+unix://${e.socketPath}:/v1.41/containers/wsc/attach/ws?logs=1&stream=1&stdin=1&stdout=1&stderr=1`);
      const frames: Array<{ text: string; binary: boolean }> = [];
      ws.on("message", (data: Buffer, isBinary: boolean) => frames.push({ text: data.toString(), binary: isBinary }));
      await new Promise<void>((resolve, reject) => {
        ws.on("open", () => resolve());
        ws.on("error", reject);
      });
      ws.send("over ws\n");
      await waitFor("echo", async () => (frames.map((f) => f.text).join("").includes("over ws\n") ? true : undefined), { timeoutMs: 5000 }).catch(() => {});
      ws.close();
      await new Promise((r) => setTimeout(r, 200));
      return { text: frames.map((f) => f.text).join(""), binary: [...new Set(frames.map((f) => f.binary))], state: (await docker(e, ["inspect", "-f", "{{.State.Status}}", "wsc"])).stdout };
    });
    expect(a).toEqual(b);
    expect(a).toEqual({ text: "ready\nover ws\n", binary: [true], state: "running\n" });
  });

  it("kill -9 of wharfd with 5 running containers: all 5 run on, logs continue, docker wait works; a 6th that exited meanwhile shows its exit code", async () => {
    const e = ours();
    const names = Array.from({ length: 5 }, (_, i) => `live${i}`);
    for (const n of names) expect((await docker(e, ["run", "-d", "--name", n, BUSYBOX, "sh", "-c", "i=0; while true; do echo tick$i; i=$((i+1)); sleep 0.2; done"])).code).toBe(0);
    expect((await docker(e, ["run", "-d", "--name", "exiter", BUSYBOX, "sh", "-c", "trap 'exit 7' TERM; while true; do sleep 0.1; done"])).code).toBe(0);
    const pids = new Map<string, string>();
    for (const n of [...names, "exiter"]) pids.set(n, (await docker(e, ["inspect", "-f", "{{.State.Pid}}", n])).stdout.trim());
    const ticks = async (n: string) => (await docker(e, ["logs", n])).stdout.split("\n").filter(Boolean).length;
    const ticksBefore = await ticks("live0");

    await wharfd.kill();
    // While wharfd is down the 6th container exits with its own code (SIGTERM → trap → exit 7).
    process.kill(Number(pids.get("exiter")), "SIGTERM");
    await waitFor("exiter gone", async () => (readProcStat(pids.get("exiter")!) ? undefined : true), { timeoutMs: 10_000 });
    await new Promise((r) => setTimeout(r, 500));

    wharfd = await startWharfd({ dir: wharfd.dir });
    e.env.DOCKER_HOST = wharfd.dockerHost;
    e.socketPath = wharfd.socketPath;
    for (const n of names) expect((await docker(e, ["inspect", "-f", "{{.State.Status}} {{.State.Pid}}", n])).stdout).toBe(`running ${pids.get(n)}\n`);
    expect((await docker(e, ["inspect", "-f", "{{.State.Status}} {{.State.ExitCode}}", "exiter"])).stdout).toBe("exited 7\n");
    expect((await docker(e, ["wait", "exiter"])).stdout).toBe("7\n");
    await waitFor("logs continue", async () => ((await ticks("live0")) > ticksBefore + 5 ? true : undefined), { timeoutMs: 10_000 });
    const ps = (await docker(e, ["ps", "--filter", "name=live", "--format", "{{.Names}}"])).stdout.split("\n").filter(Boolean).sort();
    expect(ps).toEqual(names);
    const waits = names.map((n) => docker(e, ["wait", n]));
    await new Promise((r) => setTimeout(r, 300));
    expect((await docker(e, ["kill", ...names])).code).toBe(0);
    expect((await Promise.all(waits)).map((w) => w.stdout)).toEqual(names.map(() => "137\n"));
    expect((await docker(e, ["rm", ...names, "exiter"])).code).toBe(0);
  });
});

function readProcStat(pid: string): string | undefined {
  try {
    const s = readFileSync(`/proc/${pid}/stat`, "utf8");
    return s.split(") ")[1]?.startsWith("Z") ? undefined : s;
  } catch {
    return undefined;
  }
}
