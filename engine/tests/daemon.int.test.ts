// wharfd as a daemon, through the real docker CLI and raw HTTP on its unix socket.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { request } from "node:http";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { startWharfd, wharfdCommand, REPO_ROOT, type Wharfd } from "./lib/start-wharfd.js";

const run = promisify(execFile);

function http(socketPath: string, method: string, path: string) {
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }>((resolve, reject) => {
    const req = request({ socketPath, method, path }, (res) => {
      let body = "";
      res.on("data", (d) => (body += d));
      res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

describe("wharfd daemon", () => {
  let engine: Wharfd;
  const pidDir = mkdtempSync(join(tmpdir(), "wharfd-pid-"));
  beforeAll(async () => {
    engine = await startWharfd({ extraArgs: ["--pidfile", join(pidDir, "wharfd.pid")] });
  });
  afterAll(async () => {
    await engine.stop();
    engine.cleanup();
    rmSync(pidDir, { recursive: true, force: true });
  });

  it("answers HEAD /_ping with the headers the docker CLI reads", async () => {
    const res = await http(engine.socketPath, "HEAD", "/_ping");
    expect(res.status).toBe(200);
    expect(res.headers["api-version"]).toBe("1.50");
    expect(res.headers["ostype"]).toBe("linux");
    expect(res.headers["server"]).toMatch(/^Wharf\//);
    expect(res.headers["docker-experimental"]).toBe("false");
    expect(res.headers["builder-version"]).toBe("1");
  });

  it("serves `docker version` and `docker info` to the real CLI on API 1.50", async () => {
    const env = { ...process.env, DOCKER_HOST: engine.dockerHost, DOCKER_CONFIG: engine.dir };
    const version = await run("docker", ["version", "--format", "{{.Server.APIVersion}} {{.Server.Platform.Name}} {{.Client.APIVersion}}"], { env });
    expect(version.stdout.trim()).toBe("1.50 Wharf Engine 1.50");
    const info = await run("docker", ["info", "--format", "{{.OSType}} {{.DockerRootDir}} {{.CgroupDriver}}"], { env });
    expect(info.stdout.trim()).toBe(`linux ${engine.dataRoot} cgroupfs`);
  });

  it("accepts versioned and bare paths, and refuses versions outside 1.24–1.50 with Docker's message", async () => {
    expect((await http(engine.socketPath, "GET", "/v1.24/version")).status).toBe(200);
    expect((await http(engine.socketPath, "GET", "/version")).status).toBe(200);
    const tooNew = await http(engine.socketPath, "GET", "/v1.51/version");
    expect(tooNew.status).toBe(400);
    expect(tooNew.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(tooNew.body).message).toBe("client version 1.51 is too new. Maximum supported API version is 1.50");
    const tooOld = await http(engine.socketPath, "GET", "/v1.12/version");
    expect(tooOld.status).toBe(400);
    expect(JSON.parse(tooOld.body).message).toMatch(/client version 1.12 is too old/);
  });

  it("answers unknown paths with 404 {message} as application/json", async () => {
    const res = await http(engine.socketPath, "GET", "/v1.50/no/such/endpoint");
    expect(res.status).toBe(404);
    expect(res.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(res.body)).toEqual({ message: "page not found" });
  });

  it("survives clients that hang up mid-body, mid-stream and mid-upgrade", async () => {
    const hangUp = (raw: string) =>
      new Promise<void>((resolve) => {
        const sock = connect(engine.socketPath, () => {
          sock.write(raw);
          setTimeout(() => {
            sock.destroy();
            resolve();
          }, 100);
        });
        sock.on("error", () => resolve());
      });
    await hangUp("POST /v1.50/containers/create HTTP/1.1\r\nHost: d\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{\"Image\":");
    await hangUp("GET /v1.50/events HTTP/1.1\r\nHost: d\r\n\r\n");
    await hangUp("POST /v1.50/images/load HTTP/1.1\r\nHost: d\r\nContent-Type: application/x-tar\r\nContent-Length: 100000\r\n\r\nabc");
    await hangUp("POST /v1.50/containers/nosuch/attach?stream=1 HTTP/1.1\r\nHost: d\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\n");
    const res = await http(engine.socketPath, "GET", "/_ping");
    expect(res.status).toBe(200);
    expect(res.body).toBe("OK");
    expect(engine.process.exitCode).toBeNull();
  });

  it("refuses to start a second daemon on a socket that is in use", async () => {
    const { command, args } = wharfdCommand(["--host", engine.dockerHost, "--data-root", join(engine.dir, "d2"), "--exec-root", join(engine.dir, "e2")]);
    const err = await run(command, args, { cwd: REPO_ROOT }).catch((e: { code: number; stderr: string }) => e);
    expect((err as { code: number }).code).toBe(1);
    expect((err as { stderr: string }).stderr).toContain(`another daemon is already listening on ${engine.socketPath}`);
    expect((await http(engine.socketPath, "HEAD", "/_ping")).status).toBe(200);
  });

  it("rejects bad flags with a readable message and exit code 2", async () => {
    const { command, args } = wharfdCommand(["--host", "udp://x", "--data-root", "/tmp/x"]);
    const err = (await run(command, args, { cwd: REPO_ROOT }).catch((e) => e)) as { code: number; stderr: string };
    expect(err.code).toBe(2);
    expect(err.stderr).toContain('invalid --host "udp://x"');
    const rel = wharfdCommand(["--data-root", "relative/dir"]);
    const err2 = (await run(rel.command, rel.args, { cwd: REPO_ROOT }).catch((e) => e)) as { code: number; stderr: string };
    expect(err2.code).toBe(2);
    expect(err2.stderr).toContain("--data-root must be an absolute path");
  });
});

describe("wharfd shutdown", () => {
  it("exits 0 on SIGTERM and removes its socket and pid file", async () => {
    const pidDir = mkdtempSync(join(tmpdir(), "wharfd-pid-"));
    const pidFile = join(pidDir, "wharfd.pid");
    const engine = await startWharfd({ extraArgs: ["--pidfile", pidFile] });
    expect(existsSync(pidFile)).toBe(true);
    expect(await engine.stop()).toBe(0);
    expect(existsSync(engine.socketPath)).toBe(false);
    expect(existsSync(pidFile)).toBe(false);
    engine.cleanup();
    rmSync(pidDir, { recursive: true, force: true });
  });

  it("replaces a stale socket left by a killed daemon", async () => {
    const first = await startWharfd();
    await first.kill();
    expect(existsSync(first.socketPath)).toBe(true);
    let second: Wharfd | undefined;
    try {
      second = await startWharfd({ dir: first.dir });
      expect((await http(second.socketPath, "HEAD", "/_ping")).status).toBe(200);
      expect(await second.stop()).toBe(0);
    } finally {
      await second?.stop();
      first.cleanup();
    }
  });
});
