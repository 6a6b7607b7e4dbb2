// Image store integrity against a real wharfd and a real registry of the test's own (its storage is tampered
// with): a corrupted blob is refused with a digest error and leaves nothing behind; a wharfd killed mid-pull
// pulls again to a consistent store; hostile layer tarballs (path traversal, absolute names, symlink and
// hardlink escapes) are refused and write nothing outside; a well-formed layer keeps whiteouts, opaque dirs,
// owners, modes, hardlinks, devices, xattrs and mtimes as overlayfs needs them.
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, lstatSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pack, type Header } from "tar-stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildImage, dockerCli, pushImage, runCommand, seededBytes, startRegistry, type Registry } from "../../tests/harness/index.js";
import { startWharfd, type Wharfd } from "./lib/start-wharfd.js";

const lines = (s: string) => s.split("\n").filter((l) => l !== "");

async function tarOf(entries: { header: Partial<Header> & { name: string }; body?: string }[]): Promise<Buffer> {
  const p = pack();
  const chunks: Buffer[] = [];
  p.on("data", (c: unknown) => {
    chunks.push(c as Buffer);
  });
  const done = new Promise<void>((r) => p.on("end", () => r()));
  for (const e of entries) p.entry({ ...e.header, mtime: e.header.mtime ?? new Date("2026-01-01T00:00:00Z"), size: e.body ? Buffer.byteLength(e.body) : 0 }, e.body ?? "");
  p.finalize();
  await done;
  return Buffer.concat(chunks);
}

/** Every file under dir (relative paths), for "nothing else appeared" checks. */
function walk(dir: string, base = dir): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return lstatSync(p).isDirectory() ? [p.slice(base.length + 1) + "/", ...walk(p, base)] : [p.slice(base.length + 1)];
  });
}

/** The store is consistent: every blob hashes to its name, no ingest or temp snapshot leftovers, and every
 * layer of every image has its blob and snapshot. */
function assertConsistentStore(dataRoot: string): void {
  const image = join(dataRoot, "image");
  const blobs = join(image, "content/blobs/sha256");
  for (const n of readdirSync(blobs)) expect(createHash("sha256").update(readFileSync(join(blobs, n))).digest("hex")).toBe(n);
  expect(readdirSync(join(image, "content/ingest"))).toEqual([]);
  expect(readdirSync(join(image, "snapshots")).filter((n) => n.startsWith(".tmp-"))).toEqual([]);
  const file = join(image, "metadata.json");
  const meta = existsSync(file) ? JSON.parse(readFileSync(file, "utf8")) : { images: {} } as { images: Record<string, { layers: { digest: string; chainId: string }[] }> };
  for (const img of Object.values(meta.images as Record<string, { layers: { digest: string; chainId: string }[] }>)) {
    expect(existsSync(join(blobs, img.layers[0] ? img.layers[0].digest.slice(7) : ""))).toBe(true);
    for (const l of img.layers) {
      expect(existsSync(join(blobs, l.digest.slice(7)))).toBe(true);
      expect(existsSync(join(image, "snapshots", l.chainId.slice(7), "meta.json"))).toBe(true);
    }
  }
}

describe("image store integrity", () => {
  let registry: Registry;
  let wharfd: Wharfd;
  let env: Record<string, string>;
  let outside: string;
  const docker = (args: string[], input?: Buffer) => dockerCli(env, args, { input });

  beforeAll(async () => {
    [registry, wharfd] = await Promise.all([startRegistry(), startWharfd()]);
    env = { DOCKER_HOST: wharfd.dockerHost, DOCKER_CONFIG: wharfd.dir };
    outside = mkdtempSync(join(tmpdir(), "wharf-outside-"));
  });
  afterAll(async () => {
    await Promise.all([registry?.stop(), wharfd?.stop()]);
    wharfd?.cleanup();
    rmSync(outside, { recursive: true, force: true });
  });

  it("refuses a tampered layer blob with a digest error and keeps nothing of it", async () => {
    const img = await buildImage({ format: "docker", layers: [{ files: [{ path: "data/x.bin", type: "file", content: seededBytes("tamper", 2 << 20) }] }] });
    await pushImage({ host: registry.host }, "tampered", "v1", img);
    const layer = img.layers[0]!;
    const hex = layer.digest.slice(7);
    const data = join(registry.dir, "storage/docker/registry/v2/blobs/sha256", hex.slice(0, 2), hex, "data");
    const bytes = readFileSync(data);
    bytes[bytes.length >> 1] = bytes[bytes.length >> 1]! ^ 0xff; // same size, one flipped byte in the middle of the gzip stream
    writeFileSync(data, bytes);
    const pull = await docker(["pull", `${registry.host}/tampered:v1`]);
    expect(pull.code).toBe(1);
    expect(pull.stderr).toContain(`digest mismatch: expected ${layer.digest}`);
    expect((await docker(["images", "-q"])).stdout).toBe("");
    expect(existsSync(join(wharfd.dataRoot, "image/content/blobs/sha256", hex))).toBe(false);
    expect(readdirSync(join(wharfd.dataRoot, "image/snapshots"))).toEqual([]);
    assertConsistentStore(wharfd.dataRoot);
  });

  it("completes a pull after the engine was killed in the middle of the previous one", async () => {
    const layers = [0, 1, 2].map((i) => ({ files: [{ path: `data/part${i}.bin`, type: "file" as const, content: seededBytes(`kill-${i}`, 24 << 20) }] }));
    const img = await buildImage({ format: "oci", layers });
    const pushed = await pushImage({ host: registry.host }, "big", "v1", img);
    const child = spawn("docker", ["pull", pushed.reference], { env: { ...process.env, ...env }, stdio: "ignore" });
    const exited = new Promise((r) => child.once("exit", r));
    const ingest = join(wharfd.dataRoot, "image/content/ingest");
    const deadline = Date.now() + 30_000;
    // Wait until a layer is partly downloaded, then SIGKILL the engine.
    while (!(existsSync(ingest) && readdirSync(ingest).some((n) => statSync(join(ingest, n), { throwIfNoEntry: false })?.size))) {
      if (Date.now() > deadline) throw new Error("pull never started writing");
      await new Promise((r) => setTimeout(r, 5));
    }
    await wharfd.kill();
    await exited;
    const leftovers = readdirSync(ingest);
    expect(leftovers.length).toBeGreaterThan(0); // it really was mid-download
    wharfd = await startWharfd({ dir: wharfd.dir });
    assertConsistentStore(wharfd.dataRoot);
    expect((await docker(["images", "-q"])).stdout).toBe("");
    const again = await docker(["pull", pushed.reference]);
    expect(again.stderr).toBe("");
    expect(again.code).toBe(0);
    assertConsistentStore(wharfd.dataRoot);
    const upper = (await docker(["image", "inspect", "--format", "{{.Id}} {{.GraphDriver.Data.UpperDir}}", pushed.reference])).stdout.trim().split(" ");
    expect(upper[0]).toBe(pushed.configDigest);
    expect(readFileSync(join(upper[1]!, "data/part2.bin")).equals(seededBytes("kill-2", 24 << 20))).toBe(true);
  });

  const hostile: [string, { header: Partial<Header> & { name: string }; body?: string }[]][] = [
    ["a .. path", [{ header: { name: "../../../../escape-dotdot.txt" }, body: "x" }]],
    ["an absolute path", [{ header: { name: "OUTSIDE/abs.txt" }, body: "x" }]],
    ["a file through a symlinked parent", [{ header: { name: "evil", type: "symlink", linkname: "OUTSIDE" } }, { header: { name: "evil/through-symlink.txt" }, body: "x" }]],
    ["a hardlink to a file outside", [{ header: { name: "hl", type: "link", linkname: "../../../../../../../etc/hostname" } }]],
    ["a hardlink through a symlinked parent", [{ header: { name: "evil", type: "symlink", linkname: "/etc" } }, { header: { name: "hl", type: "link", linkname: "evil/hostname" } }]],
  ];

  it.each(hostile)("refuses a layer with %s and writes nothing outside", async (_what, entries) => {
    const fixed = entries.map((e) => ({ ...e, header: { ...e.header, name: e.header.name.replace("OUTSIDE", outside), ...(e.header.linkname ? { linkname: e.header.linkname.replace("OUTSIDE", outside) } : {}) } }));
    const tar = await tarOf(fixed);
    const before = walk(wharfd.dir);
    const imp = await docker(["import", "-", "hostile:latest"], tar);
    expect(imp.code).toBe(1);
    expect(imp.stderr).toContain("refusing to extract layer entry");
    expect(readdirSync(outside)).toEqual([]);
    expect(existsSync("/escape-dotdot.txt")).toBe(false);
    expect(walk(wharfd.dir).filter((p) => !p.startsWith("data/image/content/blobs") && !before.includes(p))).toEqual([]);
    // The same tarball as a layer pulled from a registry is refused the same way.
    const { gzipSync } = await import("node:zlib");
    const blob = gzipSync(tar);
    const img = await buildImage({ format: "docker", layers: [{ files: [{ path: "ok", type: "file", content: "ok" }] }] });
    const diffId = `sha256:${createHash("sha256").update(tar).digest("hex")}`;
    const config = JSON.parse(img.config.toString()) as { rootfs: { diff_ids: string[] } };
    config.rootfs.diff_ids = [diffId];
    const configBuf = Buffer.from(JSON.stringify(config));
    const sha = (b: Buffer) => `sha256:${createHash("sha256").update(b).digest("hex")}`;
    const manifest = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: img.manifestMediaType, config: { mediaType: "application/vnd.docker.container.image.v1+json", digest: sha(configBuf), size: configBuf.length }, layers: [{ mediaType: "application/vnd.docker.image.rootfs.diff.tar.gzip", digest: sha(blob), size: blob.length }] }));
    await pushImage({ host: registry.host }, "hostile", "latest", { ...img, config: configBuf, configDigest: sha(configBuf), manifest, manifestDigest: sha(manifest), layers: [{ tar, blob, diffId, digest: sha(blob) }] });
    const pull = await docker(["pull", `${registry.host}/hostile:latest`]);
    expect(pull.code).toBe(1);
    expect(pull.stderr).toContain("refusing to extract layer entry");
    expect(readdirSync(outside)).toEqual([]);
    expect(readdirSync(join(wharfd.dataRoot, "image/snapshots"))).toEqual(readdirSync(join(wharfd.dataRoot, "image/snapshots")).filter((n) => !n.startsWith(".tmp-")));
    expect((await docker(["images", "--format", "{{.Repository}}"])).stdout).not.toContain("hostile");
  });

  it("unpacks whiteouts, opaque dirs, owners, modes, hardlinks, devices, xattrs and mtimes for overlayfs", async () => {
    const t = new Date("2025-06-01T12:00:00Z");
    const tar = await tarOf([
      { header: { name: "dir", type: "directory", mode: 0o750, uid: 1000, gid: 1001, mtime: t } },
      { header: { name: "dir/.wh..wh..opq" } },
      { header: { name: "dir/file", mode: 0o4755, uid: 1000, gid: 1001, mtime: t, pax: { "SCHILY.xattr.user.wharf": "yes" } }, body: "hello" },
      { header: { name: "dir/hard", type: "link", linkname: "dir/file" } },
      { header: { name: "dir/sym", type: "symlink", linkname: "/etc/passwd" } },
      { header: { name: ".wh.gone" } },
      { header: { name: "dev/null", type: "character-device", devmajor: 1, devminor: 3, mode: 0o666 } },
      { header: { name: "pipe", type: "fifo", mode: 0o600 } },
    ]);
    const imp = await docker(["import", "-", "features:v1"], tar);
    expect(imp.stderr).toBe("");
    const dir = (await docker(["image", "inspect", "--format", "{{.GraphDriver.Data.UpperDir}}", "features:v1"])).stdout.trim();
    const file = statSync(join(dir, "dir/file"));
    expect([file.mode & 0o7777, file.uid, file.gid, file.nlink, file.mtime.toISOString()]).toEqual([0o4755, 1000, 1001, 2, t.toISOString()]);
    expect(statSync(join(dir, "dir/hard")).ino).toBe(file.ino);
    expect(readlinkSync(join(dir, "dir/sym"))).toBe("/etc/passwd");
    const d = statSync(join(dir, "dir"));
    expect([d.mode & 0o7777, d.uid, d.mtime.toISOString()]).toEqual([0o750, 1000, t.toISOString()]);
    const gone = statSync(join(dir, "gone"));
    expect([gone.isCharacterDevice(), gone.rdev]).toEqual([true, 0]);
    expect(existsSync(join(dir, ".wh.gone"))).toBe(false);
    expect(statSync(join(dir, "dev/null")).rdev).toBe(statSync("/dev/null").rdev);
    expect(statSync(join(dir, "pipe")).isFIFO()).toBe(true);
    const opq = await runCommand("getfattr", ["--only-values", "-n", "trusted.overlay.opaque", join(dir, "dir")]);
    expect(opq.stdout).toBe("y");
    const x = await runCommand("getfattr", ["--only-values", "-n", "user.wharf", join(dir, "dir/file")]);
    expect(x.stdout).toBe("yes");
    // dockerd's Size: file bytes + symlink target length, hardlinks once.
    expect((await docker(["image", "inspect", "--format", "{{.Size}}", "features:v1"])).stdout.trim()).toBe(String(5 + "/etc/passwd".length));
    // and overlayfs accepts the dir as a lower layer: the whiteout hides, the opaque dir hides the lower's content.
    const lower = mkdtempSync(join(tmpdir(), "wharf-lower-"));
    const mnt = mkdtempSync(join(tmpdir(), "wharf-mnt-"));
    try {
      writeFileSync(join(lower, "gone"), "should be hidden");
      await runCommand("mkdir", [join(lower, "dir")]);
      writeFileSync(join(lower, "dir/old"), "hidden by opaque");
      const m = await runCommand("mount", ["-t", "overlay", "overlay", "-o", `lowerdir=${dir}:${lower}`, mnt]);
      expect(m.code).toBe(0);
      expect(existsSync(join(mnt, "gone"))).toBe(false);
      expect(readdirSync(join(mnt, "dir")).sort()).toEqual(["file", "hard", "sym"]);
    } finally {
      await runCommand("umount", [mnt]);
      rmSync(mnt, { recursive: true, force: true });
      rmSync(lower, { recursive: true, force: true });
    }
  });
});


/** A zstd frame (RFC 8878 §3.1.1) of raw (stored) blocks: valid zstd without a compressor binary in the test. */
function zstdRawFrame(data: Buffer): Buffer {
  const parts = [Buffer.from([0x28, 0xb5, 0x2f, 0xfd]), Buffer.from([0x00, 0x50])]; // FHD: no checksum, no size; window 2^(10+10)
  const MAX = 128 * 1024;
  for (let off = 0; off < data.length || off === 0; off += MAX) {
    const chunk = Buffer.from(data.subarray(off, off + MAX));
    const last = off + MAX >= data.length ? 1 : 0;
    const header = (chunk.length << 3) | (0 << 1) | last; // Block_Type 0 = Raw
    parts.push(Buffer.from([header & 0xff, (header >> 8) & 0xff, (header >> 16) & 0xff]), chunk);
    if (data.length === 0) break;
  }
  return Buffer.concat(parts);
}

describe("zstd layers", () => {
  it("pulls an OCI image whose layer is tar+zstd", async () => {
    const registry = await startRegistry();
    const wharfd = await startWharfd();
    try {
      const env = { DOCKER_HOST: wharfd.dockerHost, DOCKER_CONFIG: wharfd.dir };
      const base = await buildImage({ format: "oci", layers: [{ files: [{ path: "zstd/hello.txt", type: "file", content: "hello from zstd\n" }] }] });
      const tar = base.layers[0]!.tar;
      const blob = zstdRawFrame(tar);
      const sha = (b: Buffer) => `sha256:${createHash("sha256").update(b).digest("hex")}`;
      const manifest = Buffer.from(JSON.stringify({
        schemaVersion: 2,
        mediaType: "application/vnd.oci.image.manifest.v1+json",
        config: { mediaType: "application/vnd.oci.image.config.v1+json", digest: base.configDigest, size: base.config.length },
        layers: [{ mediaType: "application/vnd.oci.image.layer.v1.tar+zstd", digest: sha(blob), size: blob.length }],
      }));
      await pushImage({ host: registry.host }, "zstd", "v1", { ...base, manifest, manifestDigest: sha(manifest), layers: [{ ...base.layers[0]!, blob, digest: sha(blob) }] });
      const pull = await dockerCli(env, ["pull", `${registry.host}/zstd:v1`]);
      expect(pull.stderr).toBe("");
      const dir = (await dockerCli(env, ["image", "inspect", "--format", "{{.Id}} {{.GraphDriver.Data.UpperDir}}", `${registry.host}/zstd:v1`])).stdout.trim().split(" ");
      expect(dir[0]).toBe(base.configDigest);
      expect(readFileSync(join(dir[1]!, "zstd/hello.txt"), "utf8")).toBe("hello from zstd\n");
    } finally {
      await Promise.all([registry.stop(), wharfd.stop()]);
      wharfd.cleanup();
    }
  });
});

describe("transient registry failures", () => {
  it("retries a reset connection and 503s, and gives up with the registry's status after 3 attempts", async () => {
    const { createServer, request } = await import("node:http");
    const registry = await startRegistry();
    const wharfd = await startWharfd();
    const seen = new Map<string, number>();
    let alwaysFail = "";
    // A fault-injecting loopback proxy in front of the real registry: the first GET of each manifest is cut off,
    // the first GET of each blob answers 503, and `alwaysFail` paths always answer 503.
    const proxy = createServer((req, res) => {
      const n = (seen.get(req.url!) ?? 0) + 1;
      seen.set(req.url!, n);
      if (req.method === "GET" && req.url!.includes("/manifests/") && n === 1) return req.socket.destroy();
      if (req.method === "GET" && req.url!.includes("/blobs/") && (n === 1 || req.url === alwaysFail)) {
        res.writeHead(503, { "Content-Type": "application/json" });
        return res.end(JSON.stringify({ errors: [{ code: "UNAVAILABLE", message: "injected" }] }));
      }
      const up = request({ host: "127.0.0.1", port: registry.port, method: req.method, path: req.url, headers: req.headers }, (r) => {
        res.writeHead(r.statusCode!, r.headers);
        r.pipe(res);
      });
      req.pipe(up);
    });
    await new Promise<void>((r) => proxy.listen(0, "127.0.0.1", () => r()));
    const host = `127.0.0.1:${(proxy.address() as { port: number }).port}`;
    try {
      const env = { DOCKER_HOST: wharfd.dockerHost, DOCKER_CONFIG: wharfd.dir };
      const img = await buildImage({ format: "docker", layers: [0, 1].map((i) => ({ files: [{ path: `f${i}`, type: "file" as const, content: seededBytes(`retry-${i}`, 1 << 20) }] })) });
      await pushImage({ host: registry.host }, "flaky", "v1", img);
      // Two concurrent pulls of the same image also share the layer unpacking.
      const [pull, pull2] = await Promise.all([dockerCli(env, ["pull", `${host}/flaky:v1`]), dockerCli(env, ["pull", `${host}/flaky:v1`])]);
      expect(pull.stderr).toBe("");
      expect(pull2.stderr).toBe("");
      expect(pull.code).toBe(0);
      expect([...seen.entries()].filter(([u, n]) => u.includes("/blobs/") && n >= 2).length).toBeGreaterThanOrEqual(3); // config + 2 layers retried
      expect((await dockerCli(env, ["image", "inspect", "--format", "{{.Id}}", `${host}/flaky:v1`])).stdout.trim()).toBe(img.configDigest);
      assertConsistentStore(wharfd.dataRoot);

      const other = await buildImage({ format: "docker", layers: [{ files: [{ path: "g", type: "file", content: "g" }] }] });
      await pushImage({ host: registry.host }, "down", "v1", other);
      alwaysFail = `/v2/down/blobs/${other.layers[0]!.digest}`;
      const failed = await dockerCli(env, ["pull", `${host}/down:v1`]);
      expect(failed.code).toBe(1);
      expect(failed.stderr).toContain("answered 503");
      expect(seen.get(alwaysFail)).toBe(3);
      assertConsistentStore(wharfd.dataRoot);
    } finally {
      proxy.close();
      await Promise.all([registry.stop(), wharfd.stop()]);
      wharfd.cleanup();
    }
  });
});
