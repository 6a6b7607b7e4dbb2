// `docker system df [-v]` (GET /system/df) through the real docker CLI 28 against wharfd and the harness's dockerd
// 20.10 with the same objects on both: two images sharing layers, a stopped container that wrote 1 MiB into its
// rootfs and 3 bytes into a named volume, a running one holding an anonymous volume, an unused named volume.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { dockerCli, startDockerd, type Dockerd } from "../../tests/harness/index.js";
import { startWharfd, type Wharfd } from "./lib/start-wharfd.js";

const fixtures = inject("fixtures");
const BUSYBOX = fixtures.busybox.reference;
const HTTPD = fixtures.httpd.reference;

type Env = Record<string, string>;

describe("docker system df against wharfd and dockerd", () => {
  let wharfd: Wharfd;
  let dockerd: Dockerd;
  const envs: Env[] = [];
  const docker = (env: Env, args: string[]) => dockerCli(env, args);
  const both = async <T>(f: (env: Env) => Promise<T>): Promise<[T, T]> => {
    const [a, b] = await Promise.all(envs.map(f));
    return [a!, b!];
  };

  beforeAll(async () => {
    [wharfd, dockerd] = await Promise.all([startWharfd(), startDockerd({ iptables: false })]);
    envs.push({ DOCKER_HOST: wharfd.dockerHost, DOCKER_CONFIG: wharfd.dir }, dockerd.env as Env);
    await both(async (env) => {
      for (const ref of [BUSYBOX, HTTPD]) expect((await docker(env, ["pull", "-q", ref])).code).toBe(0);
      expect((await docker(env, ["run", "--name", "df-writer", "-v", "dfvol:/v", BUSYBOX, "sh", "-c", "head -c 1048576 /dev/zero > /big; printf abc > /v/f"])).code).toBe(0);
      expect((await docker(env, ["run", "-d", "--name", "df-runner", "-v", "/anon", BUSYBOX, "sleep", "120"])).code).toBe(0);
      expect((await docker(env, ["volume", "create", "df-unused"])).code).toBe(0);
    });
  }, 120_000);

  afterAll(async () => {
    for (const env of envs) {
      await docker(env, ["rm", "-f", "-v", "df-writer", "df-runner"]).catch(() => {});
      await docker(env, ["volume", "rm", "-f", "dfvol", "df-unused"]).catch(() => {});
    }
    await Promise.all([wharfd?.stop(), dockerd?.stop()]);
    wharfd?.cleanup();
  }, 120_000);

  it("docker system df: the same TYPE / TOTAL / ACTIVE / SIZE / RECLAIMABLE table on both engines", async () => {
    const [a, b] = await both((env) => docker(env, ["system", "df"]));
    expect(a.code).toBe(0);
    const rows = (s: string) => s.split("\n").filter(Boolean).map((l) => l.split(/\s{2,}/));
    expect(rows(a.stdout)).toEqual([
      ["TYPE", "TOTAL", "ACTIVE", "SIZE", "RECLAIMABLE"],
      // Two images (httpd shares busybox's two layers); only busybox is used by containers.
      ["Images", "2", "1", expect.any(String), expect.any(String)],
      ["Containers", "2", "1", "1.049MB", "1.049MB (100%)"],
      ["Local Volumes", "3", "2", "3B", "0B (0%)"],
      ["Build Cache", "0", "0", "0B", "0B"],
    ]);
    expect(rows(a.stdout)).toEqual(rows(b.stdout));
  }, 60_000);

  it("docker system df -v: per-image shared size and containers, per-volume links and size", async () => {
    const [a, b] = await both(async (env) => {
      const out = (await docker(env, ["system", "df", "-v"])).stdout;
      const section = (title: string) => out.split(`${title}\n\n`)[1]!.split("\n\n")[0]!;
      // Rows sorted: both fixtures have the same creation time, so each engine may list them in either order.
      const [imageHeader, ...imageRows] = section("Images space usage:").split("\n").map((l) => l.split(/\s{2,}/).filter((_, i) => i !== 2 && i !== 3).join("|"));
      const images = [imageHeader!, ...imageRows.sort()];
      const volumes = section("Local Volumes space usage:").split("\n").map((l) => l.replace(/\b[0-9a-f]{64}\b/, "<anon>").split(/\s{2,}/).join("|")).sort();
      const containers = section("Containers space usage:").split("\n").map((l) => { const c = l.split(/\s{2,}/); return [c.at(-1), c[3], c[4]].join("|"); }).sort();
      const json = JSON.parse((await docker(env, ["system", "df", "--format", "{{json .}}"])).stdout.split("\n")[0]!) as Record<string, string>;
      return { images, volumes, containers, json: { Type: json.Type, TotalCount: json.TotalCount, Active: json.Active } };
    });
    expect(a.volumes).toEqual(["<anon>|1|0B", "VOLUME NAME|LINKS|SIZE", "df-unused|0|0B", "dfvol|1|3B"]);
    expect(a.containers).toEqual(["NAMES|LOCAL VOLUMES|SIZE", "df-runner|1|0B", "df-writer|1|1.05MB"]);
    expect(a.images[0]).toBe("REPOSITORY|TAG|SIZE|SHARED SIZE|UNIQUE SIZE|CONTAINERS");
    expect(a.images.slice(1).map((l) => l.replace(/^[^|]*\//, ""))).toEqual(["busybox|latest|1.98MB|1.984MB|0B|2", "httpd|latest|1.98MB|1.984MB|40B|0"]);
    expect(a.json).toEqual({ Type: "Images", TotalCount: "2", Active: "1" });
    expect(a).toEqual(b);
  }, 60_000);

  // Last: it removes the stopped container the tests above count.
  it("docker system prune -f: stopped containers go, running ones stay, and the (empty) build cache step does not fail", async () => {
    const [a, b] = await both((env) => docker(env, ["system", "prune", "-f"]));
    for (const r of [a, b]) {
      expect(r.stderr).toBe("");
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/^Deleted Containers:\n[0-9a-f]{64}\n/);
      expect(r.stdout).toMatch(/Total reclaimed space: \S+/);
    }
    const [psA, psB] = await both((env) => docker(env, ["ps", "-a", "--format", "{{.Names}}"]));
    expect(psA.stdout.trim()).toBe("df-runner");
    expect(psB.stdout.trim()).toBe("df-runner");
  }, 60_000);
});
