// `docker cp` (both ways, running and stopped containers, -L, errors, symlink escapes), `docker export` and
// `docker diff` through the real docker CLI 28 against wharfd and the harness's real dockerd 20.10, comparing what
// the user sees. Raw API requests only where the CLI cannot send the case (a tar entry that climbs out, the stat
// header itself).
import { existsSync, mkdirSync, readdirSync, readFileSync, readlinkSync, lstatSync, writeFileSync } from "node:fs";
import { createHash } from "node:crypto";
import { request } from "node:http";
import { join } from "node:path";
import * as tar from "tar-stream";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { dockerCli, startDockerd, tempDir, type Dockerd, type TempDir } from "../../tests/harness/index.js";
import { startWharfd, type Wharfd } from "./lib/start-wharfd.js";
import { engineRequest } from "./lib/engine-request.js";

const BUSYBOX = inject("fixtures").busybox.reference;
type Env = Record<string, string>;
interface Engine {
  name: "wharfd" | "dockerd";
  env: Env;
  socketPath: string;
}

const SETUP = [
  "mkdir -p /data/sub /data/empty",
  "echo hello > /data/a.txt",
  "echo deep > /data/sub/b.txt",
  "chmod 640 /data/sub/b.txt",
  "ln -s /data/a.txt /data/link",
  "ln -s a.txt /data/rel",
  "ln /data/a.txt /data/hard",
].join(" && ");

/** Every file under `dir` as "path type detail" lines (content for files, target for links), sorted. */
function describeTree(dir: string, base = ""): string[] {
  const out: string[] = [];
  for (const n of readdirSync(join(dir, base)).sort()) {
    const rel = join(base, n);
    const st = lstatSync(join(dir, rel));
    if (st.isSymbolicLink()) out.push(`${rel} -> ${readlinkSync(join(dir, rel))}`);
    else if (st.isDirectory()) out.push(`${rel}/ ${(st.mode & 0o7777).toString(8)}`, ...describeTree(dir, rel));
    else out.push(`${rel} ${(st.mode & 0o7777).toString(8)} ${JSON.stringify(readFileSync(join(dir, rel), "utf8"))}`);
  }
  return out;
}

/** Tar entries as "name type [linkname]" in archive order. */
async function tarEntries(data: Buffer): Promise<string[]> {
  const ex = tar.extract();
  const names: string[] = [];
  const done = new Promise<void>((resolve, reject) => {
    ex.on("entry", (h, stream, next) => {
      names.push(`${h.name} ${h.type}${h.linkname ? ` ${h.linkname}` : ""}`);
      stream.on("end", () => next());
      stream.resume();
    });
    ex.on("finish", () => resolve());
    ex.on("error", reject);
  });
  ex.end(data);
  await done;
  return names;
}

/** Raw API call; archive bodies are tars. */
async function api(socketPath: string, method: string, path: string, body?: Buffer): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  const r = await engineRequest(socketPath, method, path, body, { contentType: "application/x-tar" });
  return { status: r.status, headers: r.headers, body: r.raw };
}

function tarOf(entries: Array<{ name: string; content?: string; type?: "file" | "directory" | "symlink"; linkname?: string }>): Promise<Buffer> {
  const pack = tar.pack();
  for (const e of entries) pack.entry({ name: e.name, type: e.type ?? "file", linkname: e.linkname, mode: e.type === "directory" ? 0o755 : 0o644 }, e.content ?? "");
  pack.finalize();
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    pack.on("data", (d) => chunks.push(d as Buffer));
    pack.on("end", () => resolve(Buffer.concat(chunks)));
    pack.on("error", reject);
  });
}

describe("docker cp, export and diff against wharfd and dockerd", () => {
  let wharfd: Wharfd;
  let dockerd: Dockerd;
  let tmp: TempDir;
  let hostMarker: TempDir;
  const engines: Engine[] = [];
  const docker = (e: Engine, args: string[], input?: string) => dockerCli(e.env, args, { input });
  const both = async <T>(f: (e: Engine) => Promise<T>): Promise<[T, T]> => {
    const [a, b] = await Promise.all(engines.map(f));
    return [a!, b!];
  };
  const out = (e: Engine, ...p: string[]) => join(tmp.path, e.name, ...p);
  /** Mount entries of this wharfd's container dirs (the overlay of a stopped container must not stay mounted). */
  const wharfdMounts = () => readFileSync("/proc/self/mountinfo", "utf8").split("\n").filter((l) => l.includes(`${wharfd.dataRoot}/containers/`)).length;
  /** The mount count once wharfd has handled exits (asynchronous after `start -a` returns), up to 5 s. */
  const settledMounts = async (want: number) => {
    for (let i = 0; i < 50 && wharfdMounts() !== want; i++) await new Promise((r) => setTimeout(r, 100));
    return wharfdMounts();
  };

  beforeAll(async () => {
    [wharfd, dockerd] = await Promise.all([startWharfd(), startDockerd({ iptables: false })]);
    tmp = tempDir("wh-cp-test");
    hostMarker = tempDir("wh-cp-host");
    writeFileSync(join(hostMarker.path, "secret"), "host secret\n");
    engines.push(
      { name: "wharfd", env: { DOCKER_HOST: wharfd.dockerHost, DOCKER_CONFIG: wharfd.dir }, socketPath: wharfd.socketPath },
      { name: "dockerd", env: dockerd.env as Env, socketPath: dockerd.socketPath },
    );
    for (const e of engines) mkdirSync(out(e));
    await both((e) => docker(e, ["pull", "-q", BUSYBOX]));
    const [a, b] = await both((e) => docker(e, ["run", "-d", "--name", "cpsrc", BUSYBOX, "sh", "-c", `${SETUP} && sleep 1000`]));
    expect([a.code, b.code]).toEqual([0, 0]);
    await both(async (e) => {
      for (let i = 0; i < 100; i++) {
        if ((await docker(e, ["exec", "cpsrc", "test", "-e", "/data/hard"])).code === 0) return;
        await new Promise((r) => setTimeout(r, 100));
      }
    });
  }, 180_000);

  afterAll(async () => {
    for (const e of engines) {
      const left = (await docker(e, ["ps", "-aq"]).catch(() => ({ stdout: "" }))).stdout.split("\n").filter(Boolean);
      if (left.length) await docker(e, ["rm", "-f", ...left]);
    }
    tmp?.remove();
    hostMarker?.remove();
    await Promise.all([wharfd?.stop(), dockerd?.stop()]);
    wharfd?.cleanup();
  }, 120_000);

  it("cp from a running container: a file, a directory (modes, symlinks, hard link), dir/. contents, -L, to stdout", async () => {
    const [f1, f2] = await both((e) => docker(e, ["cp", "cpsrc:/data/a.txt", out(e, "a.txt")]));
    expect([f1.code, f2.code, f1.stderr]).toEqual([0, 0, f2.stderr]);
    expect(readFileSync(out(engines[0]!, "a.txt"), "utf8")).toBe("hello\n");

    const [d1, d2] = await both((e) => docker(e, ["cp", "cpsrc:/data", out(e, "data")]));
    expect([d1.code, d2.code]).toEqual([0, 0]);
    const [t1, t2] = engines.map((e) => describeTree(out(e, "data")));
    expect(t1).toEqual(t2);
    expect(t1).toContain("link -> /data/a.txt");
    expect(t1).toContain('sub/b.txt 640 "deep\\n"');

    await both(async (e) => mkdirSync(out(e, "contents")));
    await both((e) => docker(e, ["cp", "cpsrc:/data/sub/.", out(e, "contents")]));
    expect(engines.map((e) => describeTree(out(e, "contents")))).toEqual([['b.txt 640 "deep\\n"'], ['b.txt 640 "deep\\n"']]);

    // The whole root: the same files as dockerd's BaseFS under data/ and etc/ (engine-made mount points aside).
    const [w1, w2] = await both((e) => docker(e, ["cp", "cpsrc:/", out(e, "wholeroot")]));
    expect([w1.code, w2.code, w1.stderr]).toEqual([0, 0, w2.stderr]);
    const pickRoot = (e: Engine) => [...describeTree(out(e, "wholeroot", "data")), ...describeTree(out(e, "wholeroot", "bin")).slice(0, 20)];
    expect(pickRoot(engines[0]!)).toEqual(pickRoot(engines[1]!));
    const [l1, l2] = await both((e) => docker(e, ["cp", "-L", "cpsrc:/data/rel", out(e, "followed")]));
    expect([l1.code, l2.code]).toEqual([0, 0]);
    expect(engines.map((e) => readFileSync(out(e, "followed"), "utf8"))).toEqual(["hello\n", "hello\n"]);

    const [s1, s2] = await both(async (e) => {
      const r = await dockerCli(e.env, ["cp", "cpsrc:/data", "-"], {});
      return tarEntries(Buffer.from(r.stdout, "latin1"));
    });
    expect(s1).toEqual(s2);
    expect(s1).toContain("data/hard link data/a.txt");
  });

  it("cp of a binary (the busybox executable) is byte-exact; cp -a gives the files the container user's ids", async () => {
    const [b1, b2] = await both((e) => docker(e, ["cp", "-L", "cpsrc:/bin/busybox", out(e, "busybox")]));
    expect([b1.code, b2.code]).toEqual([0, 0]);
    const [h1, h2] = engines.map((e) => createHash("sha256").update(readFileSync(out(e, "busybox"))).digest("hex"));
    expect(h1).toBe(h2);
    expect(readFileSync(out(engines[0]!, "busybox")).length).toBeGreaterThan(500_000);
    // cp -a (copyUIDGID) chowns to the container's user. dockerd 20.10 looks that user up in the *host's* passwd
    // database ("getent unable to find entry"), a bug newer dockerds fixed; so only wharfd's answer is asserted.
    const [o1, o2] = await both(async (e) => {
      await docker(e, ["run", "-d", "--name", "owned", "-u", "app", BUSYBOX, "sleep", "1000"]);
      writeFileSync(out(e, "owned.txt"), "mine\n");
      const plain = await docker(e, ["cp", out(e, "owned.txt"), "owned:/tmp/plain.txt"]);
      const archive = await docker(e, ["cp", "-a", out(e, "owned.txt"), "owned:/tmp/archive.txt"]);
      const ids = await docker(e, ["exec", "owned", "stat", "-c", "%n %u:%g", "/tmp/plain.txt", "/tmp/archive.txt"]);
      return [plain.code, archive.code, ids.stdout, archive.stderr];
    });
    expect(o1).toEqual([0, 0, "/tmp/plain.txt 0:0\n/tmp/archive.txt 1000:1000\n", ""]);
    expect(o2.slice(0, 3)).toEqual([0, 1, "/tmp/plain.txt 0:0\n"]);
    expect(o2[3]).toContain('getent unable to find entry "app" in passwd database');
  });

  it("the stat header (HEAD archive) is dockerd's: name, size, Go file mode, link target", async () => {
    const stat = async (e: Engine, p: string) => {
      const r = await api(e.socketPath, "HEAD", `/v1.41/containers/cpsrc/archive?path=${encodeURIComponent(p)}`);
      const h = r.headers["x-docker-container-path-stat"];
      return { status: r.status, stat: h ? { ...JSON.parse(Buffer.from(String(h), "base64").toString()), mtime: "-" } : undefined };
    };
    for (const p of ["/data/a.txt", "/data", "/data/link", "/data/rel", "/data/sub/", "/data/sub/.", "/nothere", "/data/nothere/x"]) {
      const [a, b] = await both((e) => stat(e, p));
      expect({ p, ...a }).toEqual({ p, ...b });
    }
  });

  it("cp errors as dockerd: missing source, missing destination dir, file onto directory", async () => {
    for (const args of [["cpsrc:/nothere", "X"], ["SRC", "cpsrc:/nothere/deeper/"], ["SRC", "cpsrc:/data/sub/b.txt/"]]) {
      const [a, b] = await both(async (e) => {
        writeFileSync(out(e, "src.txt"), "x");
        return docker(e, args.map((x) => (x === "X" ? out(e, "x") : x === "SRC" ? out(e, "src.txt") : x)));
      });
      expect({ args, code: a.code, stderr: a.stderr.replaceAll(out(engines[0]!), "") }).toEqual({ args, code: b.code, stderr: b.stderr.replaceAll(out(engines[1]!), "") });
      expect(a.code).not.toBe(0);
    }
  });

  it("cp into a running container: a file, a directory, and `-` (a tar from stdin); the container sees them", async () => {
    await both(async (e) => {
      writeFileSync(out(e, "new.txt"), "new content\n");
      mkdirSync(out(e, "dirin", "inner"), { recursive: true });
      writeFileSync(out(e, "dirin", "inner", "f"), "in a dir\n");
    });
    const [c1, c2] = await both((e) => docker(e, ["cp", out(e, "new.txt"), "cpsrc:/data/new.txt"]));
    expect([c1.code, c2.code]).toEqual([0, 0]);
    const [c3, c4] = await both((e) => docker(e, ["cp", out(e, "dirin"), "cpsrc:/data/"]));
    expect([c3.code, c4.code]).toEqual([0, 0]);
    const tarball = await tarOf([{ name: "fromtar/", type: "directory" }, { name: "fromtar/t.txt", content: "from stdin\n" }]);
    const [c5, c6] = await both(async (e) => {
      const r = await api(e.socketPath, "PUT", "/v1.41/containers/cpsrc/archive?path=/data&noOverwriteDirNonDir=true", tarball);
      return r.status;
    });
    expect([c5, c6]).toEqual([200, 200]);
    const [r1, r2] = await both((e) => docker(e, ["exec", "cpsrc", "sh", "-c", "cat /data/new.txt /data/dirin/inner/f /data/fromtar/t.txt; ls -l /data/dirin/inner | tail -1 | cut -c1-10"]));
    expect(r1.stdout).toBe("new content\nin a dir\nfrom stdin\n-rw-r--r--\n");
    expect(r2.stdout).toBe(r1.stdout);
    // An upload cut off in the middle of a file: the container is thawed all the same.
    const id = (await docker(engines[0]!, ["inspect", "-f", "{{.Id}}", "cpsrc"])).stdout.trim();
    const partial = (await tarOf([{ name: "cut.bin", content: "y".repeat(200_000) }])).subarray(0, 64 * 1024);
    await new Promise<void>((resolve) => {
      const req = request({ socketPath: wharfd.socketPath, method: "PUT", path: "/v1.50/containers/cpsrc/archive?path=/tmp", headers: { host: "docker", "content-type": "application/x-tar", "content-length": "300000" } });
      req.on("error", () => resolve());
      req.write(partial, () => setTimeout(() => {
        req.destroy();
        resolve();
      }, 300));
    });
    const freezer = `/sys/fs/cgroup/freezer/wharf/${id}/freezer.state`;
    if (existsSync(freezer)) {
      for (let i = 0; i < 50 && readFileSync(freezer, "utf8").trim() !== "THAWED"; i++) await new Promise((r) => setTimeout(r, 100));
      expect(readFileSync(freezer, "utf8").trim()).toBe("THAWED");
    }
    expect((await docker(engines[0]!, ["exec", "cpsrc", "echo", "alive"])).stdout).toBe("alive\n");
    // The container is frozen only while a copy writes into it: afterwards it runs (and is not reported paused).
    const [s1, s2] = await both((e) => docker(e, ["inspect", "-f", "{{.State.Status}} {{.State.Paused}}", "cpsrc"]));
    expect([s1.stdout, s2.stdout]).toEqual(["running false\n", "running false\n"]);
    // ".." in the destination stops at the container's root.
    const [t1, t2] = await both((e) => docker(e, ["cp", out(e, "new.txt"), "cpsrc:/../../../../tmp/dotdot.txt"]));
    expect([t1.code, t2.code]).toEqual([0, 0]);
    const [d1, d2] = await both((e) => docker(e, ["exec", "cpsrc", "cat", "/tmp/dotdot.txt"]));
    expect([d1.stdout, d2.stdout]).toEqual(["new content\n", "new content\n"]);
  });

  it("cp to and from a stopped container mounts its rootfs for the copy only; start sees the files", async () => {
    const [st1, st2] = await both((e) => docker(e, ["create", "--name", "stopped", BUSYBOX, "cat", "/etc/copied.txt"]));
    expect([st1.code, st2.code]).toEqual([0, 0]);
    const mountsBefore = wharfdMounts();
    await both(async (e) => writeFileSync(out(e, "copied.txt"), "copied while stopped\n"));
    const [p1, p2] = await both((e) => docker(e, ["cp", out(e, "copied.txt"), "stopped:/etc/copied.txt"]));
    expect([p1.code, p2.code, p1.stderr]).toEqual([0, 0, ""]);
    expect(await settledMounts(mountsBefore)).toBe(mountsBefore);
    const [g1, g2] = await both((e) => docker(e, ["cp", "stopped:/etc/copied.txt", out(e, "back.txt")]));
    expect([g1.code, g2.code]).toEqual([0, 0]);
    expect(readFileSync(out(engines[0]!, "back.txt"), "utf8")).toBe("copied while stopped\n");
    expect(await settledMounts(mountsBefore)).toBe(mountsBefore);
    const [r1, r2] = await both((e) => docker(e, ["start", "-a", "stopped"]));
    expect([r1.stdout, r2.stdout]).toEqual(["copied while stopped\n", "copied while stopped\n"]);
    // After the run, exited: a copy out still works and leaves nothing mounted.
    const [x1, x2] = await both((e) => docker(e, ["cp", "stopped:/etc/copied.txt", "-"]));
    expect([x1.code, x2.code]).toEqual([0, 0]);
    expect(await settledMounts(mountsBefore)).toBe(mountsBefore);
    // A client that hangs up after the first bytes of a big archive or export: the overlay is unmounted all the same.
    for (const path of ["/v1.50/containers/stopped/archive?path=/bin", "/v1.50/containers/stopped/export"]) {
      await new Promise<void>((resolve, reject) => {
        const req = request({ socketPath: wharfd.socketPath, path, headers: { host: "docker" } }, (res) => {
          res.once("data", () => {
            req.destroy();
            resolve();
          });
        });
        req.on("error", (err) => (err.message.includes("socket hang up") ? resolve() : reject(err)));
        req.end();
      });
      expect({ path, mounts: await settledMounts(mountsBefore) }).toEqual({ path, mounts: mountsBefore });
    }
    expect((await docker(engines[0]!, ["cp", "stopped:/etc/copied.txt", "-"])).code).toBe(0);
  });

  it("a start while a copy holds a stopped container's rootfs: the container runs, nothing stays mounted", async () => {
    const e = engines[0]!;
    expect((await docker(e, ["create", "--name", "racer", BUSYBOX, "head", "-1", "/etc/passwd"])).code).toBe(0);
    const mountsBefore = wharfdMounts();
    // A slow reader keeps the archive (and the mount made for it) open while the container starts.
    const reading = new Promise<void>((resolve) => {
      const req = request({ socketPath: wharfd.socketPath, path: "/v1.50/containers/racer/archive?path=/bin", headers: { host: "docker" } }, (res) => {
        res.pause();
        setTimeout(() => {
          res.resume();
          res.on("end", () => resolve());
          res.on("error", () => resolve());
        }, 1500);
      });
      req.on("error", () => resolve());
      req.end();
    });
    await new Promise((r) => setTimeout(r, 300));
    const run = await docker(e, ["start", "-a", "racer"]);
    expect([run.code, run.stdout]).toEqual([0, "root:x:0:0:root:/root:/bin/sh\n"]);
    await reading;
    expect(await settledMounts(mountsBefore)).toBe(mountsBefore);
    expect((await docker(e, ["start", "-a", "racer"])).stdout).toBe("root:x:0:0:root:/root:/bin/sh\n");
    expect((await docker(e, ["rm", "racer"])).code).toBe(0);
    expect(await settledMounts(mountsBefore)).toBe(mountsBefore);
  });

  it("symlinks never lead out of the container: absolute links to host paths, .. chains, tar entries climbing out", async () => {
    const secretDir = hostMarker.path;
    await both((e) => docker(e, ["exec", "cpsrc", "sh", "-c", `ln -s ${secretDir} /data/hostdir && ln -s ${secretDir}/secret /data/hostfile && ln -s ../../../../../../${secretDir.slice(1)} /data/climb`]));
    // Reading through them finds nothing (the container has no such path) — never the host's file.
    for (const src of ["cpsrc:/data/hostdir/secret", "cpsrc:/data/climb/secret"]) {
      const [a, b] = await both((e) => docker(e, ["cp", src, out(e, "leak")]));
      expect({ src, code: a.code, stderr: a.stderr }).toEqual({ src, code: b.code, stderr: b.stderr });
      expect(existsSync(out(engines[0]!, "leak"))).toBe(false);
    }
    const [fl1, fl2] = await both((e) => docker(e, ["cp", "-L", "cpsrc:/data/hostfile", out(e, "leak2")]));
    expect([fl1.code, fl1.stderr]).toEqual([fl2.code, fl2.stderr]);
    expect(existsSync(out(engines[0]!, "leak2"))).toBe(false);
    // Writing through a symlinked directory lands inside the container, never on the host.
    const tarball = await tarOf([{ name: "planted.txt", content: "planted\n" }]);
    const w = await api(wharfd.socketPath, "PUT", "/v1.41/containers/cpsrc/archive?path=/data/hostdir", tarball);
    expect(w.status).toBe(404);
    await docker(engines[0]!, ["exec", "cpsrc", "mkdir", "-p", secretDir]);
    const w2 = await api(wharfd.socketPath, "PUT", "/v1.41/containers/cpsrc/archive?path=/data/hostdir", tarball);
    expect(w2.status).toBe(200);
    expect((await docker(engines[0]!, ["exec", "cpsrc", "cat", `${secretDir}/planted.txt`])).stdout).toBe("planted\n");
    expect(readdirSync(secretDir)).toEqual(["secret"]);
    // A tar entry that climbs out (../) is refused and writes nothing; a symlink entry followed by a file through it
    // stays in scope.
    const evil = await tarOf([{ name: "../../../../../../../../" + secretDir.slice(1) + "/evil.txt", content: "evil\n" }]);
    const r = await api(wharfd.socketPath, "PUT", "/v1.41/containers/cpsrc/archive?path=/data", evil);
    expect(r.status).toBe(400);
    expect(JSON.parse(r.body.toString()).message).toContain("is outside of");
    const viaLink = await tarOf([{ name: "esc", type: "symlink", linkname: secretDir }, { name: "esc/through.txt", content: "through\n" }]);
    const r2 = await api(wharfd.socketPath, "PUT", "/v1.41/containers/cpsrc/archive?path=/tmp", viaLink);
    expect(r2.status).toBe(200);
    expect(readdirSync(secretDir)).toEqual(["secret"]);
    expect((await docker(engines[0]!, ["exec", "cpsrc", "cat", `${secretDir}/through.txt`])).stdout).toBe("through\n");
  });

  it("cp sees volumes: reads and writes land in the volume, running or stopped; a --read-only rootfs still takes files into a volume", async () => {
    const vol = `cpvol-${process.pid}`;
    await both((e) => docker(e, ["run", "-d", "--name", "withvol", "--read-only", "-v", `${vol}:/vol`, BUSYBOX, "sh", "-c", "echo invol > /vol/f && sleep 1000"]));
    await both(async (e) => {
      for (let i = 0; i < 100 && (await docker(e, ["exec", "withvol", "test", "-e", "/vol/f"])).code !== 0; i++) await new Promise((r) => setTimeout(r, 100));
      writeFileSync(out(e, "tovol.txt"), "to the volume\n");
    });
    const [g1, g2] = await both((e) => docker(e, ["cp", "withvol:/vol/f", out(e, "fromvol")]));
    expect([g1.code, g2.code]).toEqual([0, 0]);
    expect(engines.map((e) => readFileSync(out(e, "fromvol"), "utf8"))).toEqual(["invol\n", "invol\n"]);
    const [p1, p2] = await both((e) => docker(e, ["cp", out(e, "tovol.txt"), "withvol:/vol/"]));
    expect([p1.code, p2.code, p1.stderr]).toEqual([0, 0, ""]);
    await both((e) => docker(e, ["stop", "-t", "0", "withvol"]));
    const [s1, s2] = await both((e) => docker(e, ["run", "--rm", "-v", `${vol}:/v`, BUSYBOX, "cat", "/v/tovol.txt"]));
    expect([s1.stdout, s2.stdout]).toEqual(["to the volume\n", "to the volume\n"]);
    const [x1, x2] = await both((e) => docker(e, ["cp", "withvol:/vol/tovol.txt", out(e, "stoppedvol")]));
    expect([x1.code, x2.code]).toEqual([0, 0]);
    expect(readFileSync(out(engines[0]!, "stoppedvol"), "utf8")).toBe("to the volume\n");
    await both((e) => docker(e, ["rm", "-f", "withvol"]));
    await both((e) => docker(e, ["volume", "rm", vol]));
    // A container only created (never started): its volume already takes the copy, as in dockerd.
    const fresh = `${vol}-fresh`;
    const [n1, n2] = await both(async (e) => {
      await docker(e, ["create", "--name", "volcreated", "-v", `${fresh}:/vol`, BUSYBOX, "true"]);
      const cp = await docker(e, ["cp", out(e, "tovol.txt"), "volcreated:/vol/"]);
      const read = await docker(e, ["run", "--rm", "-v", `${fresh}:/v`, BUSYBOX, "cat", "/v/tovol.txt"]);
      await docker(e, ["rm", "volcreated"]);
      await docker(e, ["volume", "rm", fresh]);
      return [cp.code, cp.stderr, read.stdout];
    });
    expect(n1).toEqual(n2);
    expect(n1).toEqual([0, "", "to the volume\n"]);
  });

  it("cp into a --read-only container is refused as dockerd does", async () => {
    await both((e) => docker(e, ["run", "-d", "--name", "ro", "--read-only", BUSYBOX, "sleep", "1000"]));
    const [a, b] = await both(async (e) => {
      writeFileSync(out(e, "ro.txt"), "x");
      return docker(e, ["cp", out(e, "ro.txt"), "ro:/tmp/"]);
    });
    expect([a.code, a.stderr]).toEqual([b.code, b.stderr]);
    expect(a.code).toBe(1);
  });

  it("export: the merged root filesystem as a tar, the same entries for the image's and the container's files", async () => {
    const [a, b] = await both(async (e) => {
      const r = await docker(e, ["export", "-o", out(e, "export.tar"), "cpsrc"]);
      expect([r.code, r.stderr]).toEqual([0, ""]);
      return tarEntries(readFileSync(out(e, "export.tar")));
    });
    const pick = (xs: string[]) => xs.filter((x) => x.startsWith("data/") || x.startsWith("bin/busybox") || x.startsWith("bin/sh ") || x.startsWith("etc/passwd"));
    expect(pick(a)).toEqual(pick(b));
    expect(a).toContain("data/a.txt file");
    expect(a).toContain("bin/sh symlink busybox");
    expect(a.some((x) => x.startsWith("./"))).toBe(false);
  });

  it("cp and export leave dockerd's events: archive-path per copy out, extract-to-dir per copy in, export", async () => {
    const since = Math.floor(Date.now() / 1000) - 1;
    const [a, b] = await both(async (e) => {
      await docker(e, ["run", "-d", "--name", "evsrc", BUSYBOX, "sleep", "1000"]);
      writeFileSync(out(e, "ev.txt"), "ev\n");
      await docker(e, ["cp", "evsrc:/etc/passwd", out(e, "ev-passwd")]);
      await docker(e, ["cp", out(e, "ev.txt"), "evsrc:/tmp/"]);
      await docker(e, ["export", "-o", out(e, "ev.tar"), "evsrc"]);
      await new Promise((r) => setTimeout(r, 1100));
      const r = await docker(e, ["events", "--since", String(since), "--until", String(Math.ceil(Date.now() / 1000)), "--filter", "container=evsrc", "--format", "{{.Action}}"]);
      await docker(e, ["rm", "-f", "evsrc"]);
      return r.stdout.split("\n").filter((x) => ["archive-path", "extract-to-dir", "export"].includes(x));
    });
    expect(a).toEqual(b);
    expect(a).toEqual(["archive-path", "extract-to-dir", "export"]);
  });

  it("diff: adds, changes and deletes as dockerd reports them (whiteouts, opaque dirs, parents once)", async () => {
    const script = "echo x > /etc/newfile && rm /etc/group && mkdir -p /tmp/d/e && touch /tmp/d/e/f && rm -rf /home && mkdir /home && touch /home/n && sleep 1000";
    await both((e) => docker(e, ["run", "-d", "--name", "differ", BUSYBOX, "sh", "-c", script]));
    const [fresh1, fresh2] = await both(async (e) => {
      await docker(e, ["run", "-d", "--name", "fresh", BUSYBOX, "sleep", "1000"]);
      return docker(e, ["diff", "fresh"]);
    });
    expect([fresh1.stdout, fresh1.code, fresh1.stderr]).toEqual([fresh2.stdout, fresh2.code, fresh2.stderr]);
    const until = async (e: Engine, c: string, path: string) => {
      for (let i = 0; i < 100 && (await docker(e, ["exec", c, "test", "-e", path])).code !== 0; i++) await new Promise((r) => setTimeout(r, 100));
    };
    await both((e) => until(e, "differ", "/home/n"));
    const [a, b] = await both((e) => docker(e, ["diff", "differ"]));
    expect(a.code).toBe(0);
    // dockerd lists in Go map order (random); the lines are the same.
    const sorted = (x: string) => x.split("\n").filter(Boolean).sort();
    expect(sorted(a.stdout)).toEqual(sorted(b.stdout));
    expect(a.stdout).toContain("D /etc/group");
    expect(a.stdout).toContain("A /tmp/d/e/f");
    expect(a.stdout).toContain("D /home/app");
    // Mount points the engine made for volumes and tmpfs mounts are part of the container's layer, as in dockerd.
    const [m1, m2] = await both(async (e) => {
      await docker(e, ["run", "-d", "--name", "mounted", "-v", "/anonvol", "--tmpfs", "/scratch", BUSYBOX, "sh", "-c", "touch /anonvol/x /scratch/y /root/z; sleep 1000"]);
      await until(e, "mounted", "/root/z");
      return (await docker(e, ["diff", "mounted"])).stdout.split("\n").filter(Boolean).sort();
    });
    expect(m1).toEqual(m2);
    expect(m1).toEqual(expect.arrayContaining(["C /root", "A /root/z"]));
    const [n1, n2] = await both((e) => docker(e, ["diff", "nosuch"]));
    expect([n1.code, n1.stderr]).toEqual([n2.code, n2.stderr]);
  });
});
