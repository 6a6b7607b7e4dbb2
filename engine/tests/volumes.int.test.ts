// Volumes, bind mounts and tmpfs mounts (issue 6, "Volumes and mounts") through the real docker CLI 28 against
// wharfd and, for every engine-neutral scenario, the same commands against the harness's dockerd 20.10: outputs are
// compared after replacing what differs by nature (container IDs, anonymous volume names, data-root paths).
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { buildImage, busyboxLayerEntries, dockerCli, pushImage, startDockerd, tempDir, waitFor, type Dockerd, type TempDir } from "../../tests/harness/index.js";
import { unmountUnder } from "../../tests/harness/host-mounts.js";
import { startWharfd, type Wharfd } from "./lib/start-wharfd.js";

const fixtures = inject("fixtures");
const registryHost = inject("registryHost");
const BUSYBOX = fixtures.busybox.reference;
/** An image with `VOLUME /data` whose /data holds a file and a subdirectory (built and pushed in beforeAll). */
const VOLUME_IMAGE = `${registryHost}/volimage:v1`;

type Env = Record<string, string>;
interface Engine {
  name: "wharfd" | "dockerd";
  env: Env;
  dataRoot: string;
  /** Host dirs this engine's tests bind (one per engine, so a test never sees the other engine's files). */
  host: string;
}

/** Mount points at or below `dir` in the host's mount table (octal escapes decoded). */
function mountsUnder(dir: string): string[] {
  return readFileSync("/proc/self/mountinfo", "utf8")
    .split("\n")
    .map((l) => l.split(" ")[4])
    .filter((p): p is string => p !== undefined)
    .map((p) => p.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8))))
    .filter((p) => p === dir || p.startsWith(`${dir}/`));
}

/** Every path under `dir` (sorted), to show a refused request changed nothing. */
function tree(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string, rel: string) => {
    for (const n of readdirSync(d).sort()) {
      out.push(`${rel}${n}`);
      if (statSync(join(d, n), { throwIfNoEntry: false })?.isDirectory()) walk(join(d, n), `${rel}${n}/`);
    }
  };
  if (existsSync(dir)) walk(dir, "");
  return out;
}

describe("docker volume and mount commands against wharfd and dockerd", () => {
  let wharfd: Wharfd;
  let dockerd: Dockerd;
  let hostDirs: TempDir;
  const engines: Engine[] = [];
  const ours = () => engines[0]!;
  const docker = (e: Engine, args: string[], opts: { input?: string; timeout?: number } = {}) => dockerCli(e.env, args, opts);
  const both = async <T>(f: (e: Engine) => Promise<T>): Promise<[T, T]> => {
    const [a, b] = await Promise.all(engines.map(f));
    return [a!, b!];
  };
  /** Engine-specific paths and IDs out of an output, so the two engines' outputs can be compared. */
  const neutral = (e: Engine, s: string) => s.replaceAll(e.dataRoot, "<root>").replaceAll(e.host, "<host>").replace(/\b[0-9a-f]{64}\b/g, "<id>").replace(/\b[0-9a-f]{12}\b/g, "<id12>");
  const volumeNames = async (e: Engine) => (await docker(e, ["volume", "ls", "-q"])).stdout.split("\n").filter(Boolean).sort();

  beforeAll(async () => {
    const { bin, rest } = busyboxLayerEntries();
    const image = await buildImage({
      format: "docker",
      layers: [
        { files: bin },
        { files: rest },
        {
          files: [
            { path: "data", type: "directory", mode: 0o750 },
            { path: "data/hello.txt", type: "file", content: Buffer.from("from the image\n") },
            { path: "data/sub", type: "directory" },
            { path: "data/sub/deep.txt", type: "file", content: Buffer.from("deep\n") },
          ],
        },
      ],
      // Volumes is part of the image config (image-spec config.md); the harness passes the object through.
      config: Object.assign({ Env: ["PATH=/bin"], Cmd: ["sh"] }, { Volumes: { "/data": {} } }),
    });
    await pushImage({ host: registryHost }, "volimage", "v1", image);
    hostDirs = tempDir("wh-vol-host");
    [wharfd, dockerd] = await Promise.all([startWharfd(), startDockerd({ iptables: false })]);
    for (const [name, env, dataRoot] of [["wharfd", { DOCKER_HOST: wharfd.dockerHost, DOCKER_CONFIG: wharfd.dir }, wharfd.dataRoot], ["dockerd", dockerd.env as Env, dockerd.dataRoot]] as const) {
      const host = join(hostDirs.path, name);
      mkdirSync(host);
      engines.push({ name, env, dataRoot, host });
    }
    await both((e) => Promise.all([docker(e, ["pull", "-q", BUSYBOX]), docker(e, ["pull", "-q", VOLUME_IMAGE])]));
  }, 120_000);

  afterAll(async () => {
    for (const e of engines) {
      const left = (await docker(e, ["ps", "-aq"]).catch(() => ({ stdout: "" }))).stdout.split("\n").filter(Boolean);
      if (left.length) await docker(e, ["rm", "-f", "-v", ...left]);
      const vols = await volumeNames(e).catch(() => []);
      if (vols.length) await docker(e, ["volume", "rm", "-f", ...vols]);
    }
    // Nothing stays mounted under wharfd's directory: tmpfs and bind-device volumes left with their last user.
    const leftMounts = wharfd ? mountsUnder(wharfd.dir) : [];
    await Promise.all([wharfd?.stop(), dockerd?.stop()]);
    // A failed run must not leave a mount behind, nor delete through one.
    if (wharfd) await unmountUnder(wharfd.dir);
    wharfd?.cleanup();
    hostDirs?.remove();
    expect(leftMounts).toEqual([]);
  }, 120_000);

  it("volume create/ls/inspect/rm/prune show what dockerd shows", async () => {
    const [a, b] = await both(async (e) => {
      const out: string[] = [];
      const run = async (args: string[]) => {
        const r = await docker(e, args);
        out.push(`$ ${args.join(" ")} → ${r.code}\n${neutral(e, r.stdout)}${neutral(e, r.stderr)}`);
        return r;
      };
      await run(["volume", "create", "--label", "team=blue", "lsv-a"]);
      await run(["volume", "create", "--label", "tier", "lsv-b"]);
      await run(["volume", "create", "lsv-a"]); // idempotent: the same volume again
      await run(["volume", "ls", "--format", "{{.Driver}} {{.Name}} {{.Labels}}", "--filter", "name=lsv-"]);
      await run(["volume", "ls", "-q", "--filter", "label=team=blue"]);
      await run(["volume", "ls", "-q", "--filter", "label=tier", "--filter", "name=lsv"]);
      await run(["volume", "ls", "-q", "--filter", "dangling=true", "--filter", "name=lsv-"]);
      await run(["volume", "ls", "-q", "--filter", "driver=local", "--filter", "name=^lsv-b$"]);
      await run(["volume", "inspect", "--format", "{{.Name}} {{.Driver}} {{.Scope}} {{.Labels}} {{.Options}} {{.Mountpoint}}", "lsv-a"]);
      const created = (await docker(e, ["volume", "inspect", "--format", "{{.CreatedAt}}", "lsv-a"])).stdout.trim();
      expect(created).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      await run(["volume", "rm", "lsv-a", "lsv-b"]);
      await run(["volume", "ls", "-q", "--filter", "name=lsv-"]);
      // Prune at API 1.41 (dockerd 20.10's own version): unused named volumes go too; the held one stays.
      await run(["volume", "create", "prune-free"]);
      await run(["volume", "create", "prune-held"]);
      await run(["create", "--name", "prune-holder", "-v", "prune-held:/x", BUSYBOX]);
      const prune = await dockerCli({ ...e.env, DOCKER_API_VERSION: "1.41" }, ["volume", "prune", "-f"]);
      out.push(`prune → ${prune.code}\n${prune.stdout}`);
      await run(["volume", "ls", "-q", "--filter", "name=prune-"]);
      await run(["rm", "prune-holder"]);
      await run(["volume", "rm", "prune-held"]);
      return out.join("\n");
    });
    expect(a).toBe(b);
    expect(a).toContain("lsv-a\n");
    expect(a).toContain("local lsv-a team=blue\nlocal lsv-b tier=\n");
    expect(a).toContain("lsv-a local local map[team:blue] map[] <root>/volumes/lsv-a/_data\n");
    expect(a).toContain("prune → 0\nDeleted Volumes:\nprune-free\n");
  }, 60_000);

  it("volume prune at API ≥ 1.42 takes anonymous volumes only, --all named ones too (wharfd; dockerd 20.10 speaks 1.41)", async () => {
    const e = ours();
    await docker(e, ["volume", "create", "p42-named"]);
    const anon = (await docker(e, ["volume", "create"])).stdout.trim();
    const held = (await docker(e, ["create", "-v", "/held", BUSYBOX])).stdout.trim();
    const first = await docker(e, ["volume", "prune", "-f"]);
    expect(first.stdout).toBe(`Deleted Volumes:\n${anon}\n\nTotal reclaimed space: 0B\n`);
    const all = await docker(e, ["volume", "prune", "-f", "--all"]);
    expect(all.stdout).toBe("Deleted Volumes:\np42-named\n\nTotal reclaimed space: 0B\n");
    await docker(e, ["rm", "-v", held]);
    expect(await volumeNames(e)).toEqual([]);
  }, 60_000);

  it("data written to a named volume survives container removal and is seen by a new container", async () => {
    const [a, b] = await both(async (e) => {
      const w = await docker(e, ["run", "--name", "writer", "-v", "keep:/data", BUSYBOX, "sh", "-c", "echo kept > /data/f; mkdir /data/d; echo x > /data/d/x"]);
      const rm = await docker(e, ["rm", "writer"]);
      const ls = await docker(e, ["volume", "ls", "-q", "--filter", "name=keep"]);
      const r = await docker(e, ["run", "--rm", "-v", "keep:/mnt", BUSYBOX, "sh", "-c", "cat /mnt/f /mnt/d/x"]);
      await docker(e, ["volume", "rm", "keep"]);
      return [w.code, rm.code, ls.stdout, r.code, r.stdout, r.stderr];
    });
    expect(a).toEqual([0, 0, "keep\n", 0, "kept\nx\n", ""]);
    expect(a).toEqual(b);
  }, 60_000);

  it("an image VOLUME gets an anonymous volume with the image's content copied up; rm -v removes it", async () => {
    const [a, b] = await both(async (e) => {
      const before = await volumeNames(e);
      const id = (await docker(e, ["run", "-d", "--name", "imgvol", VOLUME_IMAGE, "sh", "-c", "echo added > /data/new; sleep 60"])).stdout.trim();
      const cat = await docker(e, ["exec", "imgvol", "sh", "-c", "cat /data/hello.txt /data/sub/deep.txt /data/new; stat -c '%a' /data"]);
      const mounts = (await docker(e, ["inspect", "--format", "{{range .Mounts}}{{.Type}} {{.Name}} {{.Source}} {{.Destination}} {{.Driver}} [{{.Mode}}] {{.RW}} [{{.Propagation}}]{{end}} {{json .Config.Volumes}}", id])).stdout;
      const added = (await volumeNames(e)).filter((v) => !before.includes(v));
      const onHost = readFileSync(join(e.dataRoot, "volumes", added[0] ?? "none", "_data", "new"), "utf8");
      // docker rm -v removes the container's anonymous volume.
      const rm = await docker(e, ["rm", "-f", "-v", "imgvol"]);
      const after = await volumeNames(e);
      return { cat: [cat.code, cat.stdout], mounts: neutral(e, mounts), added: added.map((v) => v.length), onHost, rm: rm.code, gone: after.length === before.length };
    });
    expect(a.cat).toEqual([0, "from the image\ndeep\nadded\n750\n"]);
    expect(a.mounts).toBe('volume <id> <root>/volumes/<id>/_data /data local [] true [] {"/data":{}}\n');
    expect(a).toEqual({ ...b, mounts: a.mounts });
    expect(b.mounts).toBe(a.mounts);
    expect(a.added).toEqual([64]);
    expect(a.gone).toBe(true);
  }, 60_000);

  it("--rm removes anonymous volumes and keeps named ones; nocopy leaves a new volume empty", async () => {
    const [a, b] = await both(async (e) => {
      const before = await volumeNames(e);
      const r = await docker(e, ["run", "--rm", "-v", "/anon", "-v", "rmkeep:/named", "-v", "nocopyvol:/data:nocopy", VOLUME_IMAGE, "sh", "-c", "ls -A /data; echo ok"]);
      const after = (await volumeNames(e)).filter((v) => !before.includes(v));
      await docker(e, ["volume", "rm", "rmkeep", "nocopyvol"]);
      return [r.code, r.stdout, after];
    });
    expect(a).toEqual([0, "ok\n", ["nocopyvol", "rmkeep"]]);
    expect(a).toEqual(b);
  }, 60_000);

  it("-v /hostdir:/data:ro is read-only inside, a writable bind writes through, a missing -v host dir is created", async () => {
    const [a, b] = await both(async (e) => {
      writeFileSync(join(e.host, "greeting"), "hello host\n");
      chmodSync(e.host, 0o755);
      const ro = await docker(e, ["run", "--rm", "-v", `${e.host}:/data:ro`, BUSYBOX, "sh", "-c", "cat /data/greeting; touch /data/nope"]);
      const rw = await docker(e, ["run", "--rm", "--mount", `type=bind,source=${e.host},target=/w`, BUSYBOX, "sh", "-c", "echo from container > /w/written"]);
      const created = join(e.host, "made", "by", "v");
      const mk = await docker(e, ["run", "--rm", "-v", `${created}:/m`, BUSYBOX, "true"]);
      const inspect = await docker(e, ["create", "--name", "bindinfo", "-v", `${e.host}:/data:ro`, "--mount", `type=bind,source=${e.host},target=/w,bind-propagation=rslave`, BUSYBOX]);
      const mounts = (await docker(e, ["inspect", "--format", "{{json .Mounts}}", "bindinfo"])).stdout;
      await docker(e, ["rm", "bindinfo"]);
      // A bind over the data root (/tmp holds both engines' roots here) gets rslave; a private mode is refused.
      await docker(e, ["create", "--name", "overroot", "-v", "/tmp:/x", BUSYBOX]);
      const overRoot = (await docker(e, ["inspect", "--format", "{{range .Mounts}}{{.Propagation}}{{end}}", "overroot"])).stdout;
      await docker(e, ["rm", "overroot"]);
      const refused = await docker(e, ["create", "-v", "/tmp:/x:rprivate", BUSYBOX]);
      return {
        ro: [ro.code, ro.stdout, ro.stderr],
        rw: [rw.code, readFileSync(join(e.host, "written"), "utf8")],
        mk: [mk.code, statSync(created).isDirectory()],
        inspect: inspect.code,
        overRoot,
        refused: [refused.code, neutral(e, refused.stderr)],
        mounts: JSON.parse(mounts).sort((x: { Destination: string }, y: { Destination: string }) => x.Destination.localeCompare(y.Destination)).map((m: Record<string, unknown>) => neutral(e, JSON.stringify(m))),
      };
    });
    expect(a.ro).toEqual([1, "hello host\n", "touch: /data/nope: Read-only file system\n"]);
    expect(a.rw).toEqual([0, "from container\n"]);
    expect(a.mk).toEqual([0, true]);
    expect(a.overRoot).toBe("rslave\n");
    expect(a.refused).toEqual([1, 'Error response from daemon: invalid mount config: must use either propagation mode "rslave" or "rshared" when mount source is within the daemon root, daemon root: "<root>", bind mount source: "/tmp", propagation: "rprivate"\n']);
    expect(a.mounts).toEqual([
      '{"Type":"bind","Source":"<host>","Destination":"/data","Mode":"ro","RW":false,"Propagation":"rprivate"}',
      '{"Type":"bind","Source":"<host>","Destination":"/w","Mode":"","RW":true,"Propagation":"rslave"}',
    ]);
    expect(a).toEqual(b);
  }, 60_000);

  it("--mount type=tmpfs and --tmpfs: a tmpfs with the given size and dockerd's default flags", async () => {
    const [a, b] = await both(async (e) => {
      const r = await docker(e, ["run", "--rm", "--mount", "type=tmpfs,target=/scratch,tmpfs-size=1m,tmpfs-mode=1770", "--tmpfs", "/t2:size=2m,exec", BUSYBOX, "sh", "-c", "grep -E ' /(scratch|t2) ' /proc/mounts | cut -d' ' -f1-4; stat -c %a /scratch"]);
      const c = await docker(e, ["create", "--name", "tmpfsinfo", "--mount", "type=tmpfs,target=/scratch", "--tmpfs", "/t2", BUSYBOX]);
      const mounts = (await docker(e, ["inspect", "--format", "{{json .Mounts}} {{json .HostConfig.Tmpfs}}", "tmpfsinfo"])).stdout;
      await docker(e, ["rm", "tmpfsinfo"]);
      return [r.code, r.stdout.split("\n").sort().join("\n"), r.stderr, c.code, mounts];
    });
    expect(a[0]).toBe(0);
    expect(a[1]).toContain("tmpfs /scratch tmpfs rw,nosuid,nodev,noexec,relatime,size=1024k,mode=1770");
    expect(a[1]).toContain("tmpfs /t2 tmpfs rw,nosuid,nodev,relatime,size=2048k");
    expect(a[4]).toBe('[{"Type":"tmpfs","Source":"","Destination":"/scratch","Mode":"","RW":true,"Propagation":""}] {"/t2":""}\n');
    expect(a).toEqual(b);
  }, 60_000);

  it("--volumes-from shares a data container's volumes and binds, :ro makes them read-only", async () => {
    const [a, b] = await both(async (e) => {
      writeFileSync(join(e.host, "shared-bind"), "bound\n");
      const data = await docker(e, ["create", "--name", "datastore", "-v", "/anonshare", "-v", "sharedvol:/named", "-v", `${e.host}:/hostdir`, BUSYBOX]);
      const w = await docker(e, ["run", "--rm", "--volumes-from", "datastore", BUSYBOX, "sh", "-c", "echo a > /anonshare/f; echo n > /named/f"]);
      const r = await docker(e, ["run", "--rm", "--volumes-from", "datastore:ro", BUSYBOX, "sh", "-c", "cat /anonshare/f /named/f /hostdir/shared-bind; touch /named/g"]);
      const c = await docker(e, ["create", "--name", "consumer", "--volumes-from", "datastore:ro", BUSYBOX]);
      const mounts = JSON.parse((await docker(e, ["inspect", "--format", "{{json .Mounts}}", "consumer"])).stdout) as { Destination: string; RW: boolean; Type: string; Mode: string }[];
      // The consumer goes with -v: the shared anonymous volume stays, the data container still holds it.
      const before = await volumeNames(e);
      await docker(e, ["rm", "-v", "consumer"]);
      const kept = (await volumeNames(e)).length === before.length;
      const rmData = await docker(e, ["rm", "-v", "datastore"]);
      const afterData = (await volumeNames(e)).length;
      await docker(e, ["volume", "rm", "sharedvol"]);
      return {
        codes: [data.code, w.code, c.code, rmData.code],
        read: [r.code, r.stdout, r.stderr],
        mounts: mounts.map((m) => `${m.Type} ${m.Destination} ${m.RW} [${m.Mode}]`).sort(),
        kept,
        anonRemoved: before.length - afterData,
      };
    });
    expect(a.codes).toEqual([0, 0, 0, 0]);
    expect(a.read).toEqual([1, "a\nn\nbound\n", "touch: /named/g: Read-only file system\n"]);
    expect(a.mounts).toEqual(["bind /hostdir false []", "volume /anonshare false []", "volume /named false []"]);
    expect(a.kept).toBe(true);
    expect(a.anonRemoved).toBe(1);
    expect(a).toEqual(b);
  }, 60_000);

  it("a volume in use cannot be removed: 409 naming the containers, as dockerd; ps --filter volume= finds the holder", async () => {
    const [a, b] = await both(async (e) => {
      const id = (await docker(e, ["create", "--name", "holder", "-v", "busyvol:/x", BUSYBOX])).stdout.trim();
      const ps = await docker(e, ["ps", "-a", "--filter", "name=holder", "--format", "{{.Mounts}} {{.LocalVolumes}}"]);
      const byVolume = await docker(e, ["ps", "-a", "--filter", "volume=busyvol", "--format", "{{.Names}}"]);
      const byDest = await docker(e, ["ps", "-a", "--filter", "volume=/x", "--format", "{{.Names}}"]);
      const none = await docker(e, ["ps", "-a", "--filter", "volume=othervol", "--format", "{{.Names}}"]);
      const rm = await docker(e, ["volume", "rm", "busyvol"]);
      const force = await docker(e, ["volume", "rm", "-f", "busyvol"]);
      const still = (await volumeNames(e)).includes("busyvol");
      await docker(e, ["rm", "holder"]);
      const after = await docker(e, ["volume", "rm", "busyvol"]);
      return [ps.stdout, byVolume.stdout, byDest.stdout, none.stdout, rm.code, rm.stderr.replace(id, "<holder>"), force.code, still, after.code, after.stdout];
    });
    expect(a).toEqual(["busyvol 1\n", "holder\n", "holder\n", "", 1, "Error response from daemon: remove busyvol: volume is in use - [<holder>]\n", 1, true, 0, "busyvol\n"]);
    expect(a).toEqual(b);
  }, 60_000);

  it("bad input gives dockerd's errors and changes nothing on disk", async () => {
    const cases: string[][] = [
      ["volume", "create", "../x"],
      ["volume", "create", "a/b"],
      ["volume", "create", "x"],
      ["volume", "create", "-o", "bogus=1", "badopt"],
      ["volume", "create", "-o", "type=tmpfs", "nodevice"],
      ["volume", "inspect", "nosuchvol"],
      ["volume", "rm", "nosuchvol"],
      ["volume", "inspect", "../x"],
      ["volume", "rm", "-f", "../../etc"],
      ["volume", "rm", "..%2f..%2fetc"],
      ["run", "--rm", "-v", "../escape:/data", "-v", "a/b:/x", BUSYBOX, "true"],
      ["run", "--rm", "-v", "a/b:/data", BUSYBOX, "true"],
      ["run", "--rm", "-v", "/tmp:/", BUSYBOX, "true"],
      ["run", "--rm", "-v", "/tmp:data", BUSYBOX, "true"],
      ["run", "--rm", "-v", "/tmp:/data:xx", BUSYBOX, "true"],
      ["run", "--rm", "--mount", "type=bind,source=relative/dir,target=/data", BUSYBOX, "true"],
      ["run", "--rm", "--mount", "type=bind,source=/nonexistent-wharf-volume-test,target=/data", BUSYBOX, "true"],
      ["run", "--rm", "--mount", "type=tmpfs,source=x,target=/data", BUSYBOX, "true"],
      ["run", "--rm", "--mount", "type=bogus,target=/data", BUSYBOX, "true"],
      ["run", "--rm", "--volumes-from", "nosuchcontainer", BUSYBOX, "true"],
      ["run", "--rm", "-v", "/tmp:/d", "--tmpfs", "/d", BUSYBOX, "true"],
    ];
    const [a, b] = await both(async (e) => {
      const snapshot = () => [tree(join(e.dataRoot, "volumes")), tree(join(e.dataRoot, "containers"))].map((t) => t.filter((p) => !p.endsWith("metadata.db")));
      const before = snapshot();
      const out: string[] = [];
      for (const c of cases) {
        // `-v ../escape:/data`: the CLI makes "../escape" absolute from its working dir; a second, bad spec in the
        // same run is refused first, so no host dir is created either.
        const r = await docker(e, c);
        out.push(`${c.join(" ")} → ${r.code} ${r.stderr.split("\n")[0]}`);
      }
      const ctrs = (await docker(e, ["ps", "-aq"])).stdout;
      return { out, unchanged: JSON.stringify(snapshot()) === JSON.stringify(before), ctrs };
    });
    expect(a.out.join("\n")).toContain(`volume create ../x → 1 Error response from daemon: create ../x: "../x" includes invalid characters for a local volume name, only "[a-zA-Z0-9][a-zA-Z0-9_.-]" are allowed. If you intended to pass a host directory, use absolute path`);
    expect(a.out.join("\n")).toContain("volume inspect nosuchvol → 1 Error response from daemon: get nosuchvol: no such volume");
    expect(a.out.join("\n")).toContain(`invalid mount config for type "bind": bind source path does not exist: /nonexistent-wharf-volume-test`);
    expect(a.out.join("\n")).toContain(`type=bind,source=relative/dir,target=/data ${BUSYBOX} true → 125 docker: Error response from daemon: invalid mount config for type "bind": invalid mount path: 'relative/dir' mount path must be absolute`);
    expect(a.out).toEqual(b.out);
    expect(a.unchanged).toBe(true);
    expect(a.ctrs).toBe("");
    expect(b.unchanged).toBe(true);
    expect(existsSync(join(process.cwd(), "..", "escape"))).toBe(false);
    // wharfd checks every mount before creating any volume (dockerd 20.10 may leave "ok-name" behind here,
    // depending on the order the CLI sends the specs in).
    const e = ours();
    const r = await docker(e, ["run", "--rm", "-v", "ok-name:/data", "-v", "a/b:/x", BUSYBOX, "true"]);
    expect(r.code).toBe(125);
    expect(await volumeNames(e)).not.toContain("ok-name");
    // An unknown driver: dockerd's text (seen from dockerd 20.10, which first retries its plugin lookup for 15 s).
    const drv = await docker(e, ["volume", "create", "-d", "nodriver", "nodrv"]);
    expect([drv.code, drv.stderr]).toEqual([1, `Error response from daemon: create nodrv: error looking up volume plugin nodriver: plugin "nodriver" not found\n`]);
    const vd = await docker(e, ["run", "--rm", "--volume-driver", "nodriver", "-v", "/x", BUSYBOX, "true"]);
    // A plugin lookup failure is a 404, which the CLI takes for a missing image: it pulls, then reports the error.
    const vdError = vd.stderr.split("\n").find((l) => l.includes("Error response"))?.replace(/[0-9a-f]{64}/, "<anon>");
    expect([vd.code, vdError]).toEqual([125, `docker: Error response from daemon: create <anon>: error looking up volume plugin nodriver: plugin "nodriver" not found`]);
    expect(await volumeNames(e)).toEqual([]);
    // An anonymous volume over a file of the image is refused at create, as dockerd (its path names its overlay2 dir).
    const overFile = await docker(e, ["run", "--rm", "-v", "/etc/passwd", BUSYBOX, "true"]);
    expect(overFile.code).toBe(125);
    expect(overFile.stderr).toMatch(new RegExp(`^docker: Error response from daemon: cannot mount volume over existing file, file exists ${e.dataRoot}/containers/[0-9a-f]{64}/rootfs/etc/passwd\n`));
    expect(await volumeNames(e)).toEqual([]);
    expect((await docker(e, ["ps", "-aq"])).stdout).toBe("");
  }, 90_000);

  it("volume events: create, mount and unmount around a container's run, destroy (docker events --filter type=volume)", async () => {
    const e = ours();
    const since = Math.floor(Date.now() / 1000) - 1;
    await docker(e, ["volume", "create", "evvol"]);
    const id = (await docker(e, ["run", "-d", "-v", "evvol:/x:ro", "-v", "/anon", BUSYBOX, "true"])).stdout.trim();
    await docker(e, ["wait", id]);
    const anon = JSON.parse((await docker(e, ["inspect", "--format", "{{json .Mounts}}", id])).stdout).find((m: { Destination: string }) => m.Destination === "/anon").Name as string;
    await docker(e, ["rm", "-v", id]);
    await docker(e, ["volume", "rm", "evvol"]);
    const until = Math.floor(Date.now() / 1000) + 1;
    while (Date.now() / 1000 <= until) await new Promise((r) => setTimeout(r, 100));
    const ev = await docker(e, ["events", "--since", String(since), "--until", String(until), "--filter", "type=volume", "--format", "{{.Action}} {{.Actor.ID}} {{json .Actor.Attributes}}"]);
    // Only this test's volumes: the one-second `since` granularity may take in the previous test's events.
    const lines = ev.stdout.replaceAll(id, "<ctr>").replaceAll(anon, "<anon>").split("\n").filter((l) => / (evvol|<anon>) /.test(l));
    expect(lines).toEqual([
      'create evvol {"driver":"local"}',
      'create <anon> {"driver":"local"}',
      'mount evvol {"container":"<ctr>","destination":"/x","driver":"local","propagation":"","read/write":"false"}',
      'mount <anon> {"container":"<ctr>","destination":"/anon","driver":"local","propagation":"","read/write":"true"}',
      'unmount evvol {"container":"<ctr>","driver":"local"}',
      'unmount <anon> {"container":"<ctr>","driver":"local"}',
      'destroy <anon> {"driver":"local"}',
      'destroy evvol {"driver":"local"}',
    ]);
  }, 60_000);

  it("leak check: 12 cycles of volumes, binds and tmpfs mounts through run, restart and rm -v leave no mount or volume dir", async () => {
    const e = ours();
    const volumesDir = join(e.dataRoot, "volumes");
    const before = readdirSync(volumesDir).sort();
    for (let i = 0; i < 12; i++) {
      expect((await docker(e, ["volume", "create", "-o", "type=tmpfs", "-o", "device=tmpfs", `leak-tmp-${i}`])).code).toBe(0);
      const id = (await docker(e, ["run", "-d", "-v", `leak-tmp-${i}:/t`, "-v", "/anon", "-v", "leak-named:/n", "-v", `${e.host}:/h:ro`, "--mount", "type=tmpfs,dst=/s", "--tmpfs", "/s2", BUSYBOX, "sleep", "30"])).stdout.trim();
      expect(id).toMatch(/^[0-9a-f]{64}$/);
      expect((await docker(e, ["restart", "-t", "0", id])).code).toBe(0);
      expect((await docker(e, ["rm", "-f", "-v", id])).code).toBe(0);
      expect((await docker(e, ["volume", "rm", `leak-tmp-${i}`])).code).toBe(0);
    }
    expect(readdirSync(volumesDir).sort()).toEqual([...before, "leak-named"].sort());
    expect((await docker(e, ["volume", "rm", "leak-named"])).code).toBe(0);
    expect(readdirSync(volumesDir).sort()).toEqual(before);
    expect(mountsUnder(wharfd.dir)).toEqual([]);
  }, 120_000);

  it("a tmpfs volume (driver options) is mounted while a container uses it and unmounted after; a bind-device volume writes to its device", async () => {
    const e = ours();
    const device = join(e.host, "device");
    mkdirSync(device);
    expect((await docker(e, ["volume", "create", "-o", "type=tmpfs", "-o", "device=tmpfs", "-o", "o=size=2m", "tmpvol"])).code).toBe(0);
    expect((await docker(e, ["volume", "create", "-o", "type=none", "-o", "o=bind", "-o", `device=${device}`, "devvol"])).code).toBe(0);
    expect((await docker(e, ["volume", "inspect", "--format", "{{json .Options}}", "tmpvol"])).stdout).toBe('{"device":"tmpfs","o":"size=2m","type":"tmpfs"}\n');
    const data = join(e.dataRoot, "volumes", "tmpvol", "_data");
    expect(mountsUnder(data)).toEqual([]);
    const id = (await docker(e, ["run", "-d", "-v", "tmpvol:/t", "-v", "devvol:/dev-data", BUSYBOX, "sh", "-c", "echo in-tmpfs > /t/f; echo on-device > /dev-data/f; sleep 60"])).stdout.trim();
    expect((await docker(e, ["exec", id, "sh", "-c", "cat /t/f; grep ' /t ' /proc/mounts | cut -d' ' -f1,3"])).stdout).toBe("in-tmpfs\ntmpfs tmpfs\n");
    expect(mountsUnder(data)).toEqual([data]);
    // A second user shares the mount; the volume stays mounted until the last one stops.
    const second = (await docker(e, ["run", "-d", "-v", "tmpvol:/t", BUSYBOX, "sleep", "60"])).stdout.trim();
    expect((await docker(e, ["exec", second, "cat", "/t/f"])).stdout).toBe("in-tmpfs\n");
    await docker(e, ["rm", "-f", id]);
    expect(mountsUnder(data)).toEqual([data]);
    await docker(e, ["rm", "-f", second]);
    expect(mountsUnder(data)).toEqual([]);
    // Two users starting at the same moment share one mount (never two stacked tmpfs).
    const pair = await Promise.all([0, 1].map(async () => (await docker(e, ["create", "-v", "tmpvol:/t", BUSYBOX, "sleep", "60"])).stdout.trim()));
    await Promise.all(pair.map((c) => docker(e, ["start", c])));
    expect(mountsUnder(data)).toEqual([data]);
    await docker(e, ["exec", pair[0]!, "sh", "-c", "echo shared > /t/s"]);
    expect((await docker(e, ["exec", pair[1]!, "cat", "/t/s"])).stdout).toBe("shared\n");
    await Promise.all(pair.map((c) => docker(e, ["rm", "-f", c])));
    expect(mountsUnder(data)).toEqual([]);
    expect(readFileSync(join(device, "f"), "utf8")).toBe("on-device\n");
    // Volumes with driver options are not counted by system df nor pruned, as dockerd.
    expect((await docker(e, ["volume", "prune", "-af"])).stdout).not.toMatch(/tmpvol|devvol/);
    expect((await docker(e, ["volume", "rm", "tmpvol", "devvol"])).code).toBe(0);
    // Removing the bind-device volume never deletes the device's files.
    expect(readFileSync(join(device, "f"), "utf8")).toBe("on-device\n");
  }, 60_000);
});

describe("volumes across a wharfd restart (live restore)", () => {
  let wharfd: Wharfd | undefined;
  let dir = "";
  const env = () => ({ DOCKER_HOST: wharfd!.dockerHost, DOCKER_CONFIG: wharfd!.dir });

  afterAll(async () => {
    if (wharfd) {
      const left = (await dockerCli(env(), ["ps", "-aq"])).stdout.split("\n").filter(Boolean);
      if (left.length) await dockerCli(env(), ["rm", "-f", "-v", ...left]);
      await dockerCli(env(), ["volume", "rm", "-f", "restart-tmp", "restart-named"]);
      const leftMounts = mountsUnder(wharfd.dir);
      await wharfd.stop();
      await unmountUnder(wharfd.dir);
      wharfd.cleanup();
      expect(leftMounts).toEqual([]);
    }
  }, 60_000);

  it("volume metadata and references survive a restart; a running user keeps its tmpfs volume mounted until it stops", async () => {
    wharfd = await startWharfd();
    dir = wharfd.dir;
    await dockerCli(env(), ["pull", "-q", BUSYBOX]);
    expect((await dockerCli(env(), ["volume", "create", "--label", "k=v", "restart-named"])).code).toBe(0);
    expect((await dockerCli(env(), ["volume", "create", "-o", "type=tmpfs", "-o", "device=tmpfs", "restart-tmp"])).code).toBe(0);
    const id = (await dockerCli(env(), ["run", "-d", "-v", "restart-tmp:/t", "-v", "restart-named:/n", "-v", "/anon", BUSYBOX, "sh", "-c", "echo x > /t/f; sleep 120"])).stdout.trim();
    const inspectBefore = (await dockerCli(env(), ["inspect", "--format", "{{json .Mounts}}", id])).stdout;
    const data = join(wharfd.dataRoot, "volumes", "restart-tmp", "_data");

    await wharfd.stop();
    // What a crash inside `volume create` leaves (data dir, no volume.json) is not a volume and goes at start.
    mkdirSync(join(wharfd.dataRoot, "volumes", "half-made", "_data"), { recursive: true });
    writeFileSync(join(wharfd.dataRoot, "volumes", "half-made", "_data", "x"), "x");
    wharfd = await startWharfd({ dir });
    expect(existsSync(join(wharfd.dataRoot, "volumes", "half-made"))).toBe(false);
    expect((await dockerCli(env(), ["inspect", "--format", "{{.State.Status}}", id])).stdout).toBe("running\n");
    expect((await dockerCli(env(), ["inspect", "--format", "{{json .Mounts}}", id])).stdout).toBe(inspectBefore);
    expect((await dockerCli(env(), ["volume", "inspect", "--format", "{{.Labels}}", "restart-named"])).stdout).toBe("map[k:v]\n");
    expect((await dockerCli(env(), ["volume", "rm", "restart-named"])).stderr).toBe(`Error response from daemon: remove restart-named: volume is in use - [${id}]\n`);
    expect((await dockerCli(env(), ["exec", id, "cat", "/t/f"])).stdout).toBe("x\n");
    expect(mountsUnder(data)).toEqual([data]);

    // The restored container is the volume's only user: stopping it unmounts the tmpfs volume.
    expect((await dockerCli(env(), ["stop", "-t", "0", id])).code).toBe(0);
    expect(mountsUnder(data)).toEqual([]);
    const anon = (await dockerCli(env(), ["volume", "ls", "-q"])).stdout.split("\n").filter((v) => /^[0-9a-f]{64}$/.test(v));
    expect(anon).toHaveLength(1);
    expect((await dockerCli(env(), ["rm", "-v", id])).code).toBe(0);
    expect((await dockerCli(env(), ["volume", "ls", "-q"])).stdout.split("\n").filter(Boolean).sort()).toEqual(["restart-named", "restart-tmp"]);
  }, 90_000);

  it("after an engine crash, a tmpfs volume whose user exited meanwhile is unmounted at the next start", async () => {
    const marker = join(wharfd!.dir, "crash-marker");
    mkdirSync(marker);
    const id = (await dockerCli(env(), ["run", "-d", "-v", "restart-tmp:/t", "-v", `${marker}:/m`, BUSYBOX, "sh", "-c", "echo y > /t/f; touch /m/armed; while [ ! -e /m/go ]; do sleep 0.1; done"])).stdout.trim();
    const data = join(wharfd!.dataRoot, "volumes", "restart-tmp", "_data");
    await waitFor("container armed", async () => (existsSync(join(marker, "armed")) ? true : undefined));
    expect(mountsUnder(data)).toEqual([data]);
    await wharfd!.kill();
    // With the engine gone, the container ends; its shim records the exit for the next engine.
    writeFileSync(join(marker, "go"), "");
    wharfd = await startWharfd({ dir });
    expect((await dockerCli(env(), ["wait", id])).stdout).toBe("0\n");
    expect(mountsUnder(data)).toEqual([]);
    expect((await dockerCli(env(), ["rm", id])).code).toBe(0);
  }, 90_000);
});
