// The fixture images every engine, control-plane and benchmark test pulls. Built from Debian's busybox-static
// (writeBusyboxRootfs) with deterministic layers, so their digests are the same on every run and every machine
// with the same busybox-static build.
//   busybox:latest — Docker schema 2; layer 1 = bin/ (busybox + applet symlinks), layer 2 = etc, tmp, ...; Cmd sh.
//   httpd:latest   — OCI; busybox's two layers + var/www/index.html; Cmd httpd -f -p 80 -h /var/www; 80/tcp.
//   multi:latest   — OCI image index: linux/amd64 and linux/arm64, each with /etc/platform naming its arch.
// (All platforms carry the amd64 busybox binary: the arm64 image is for platform selection, not for running.)
import { buildImage, buildImageIndex, type BuiltImage, type BuiltIndex, type ContainerConfig } from "./build-image.js";
import type { LayerEntry } from "./build-layer.js";
import { readDirEntries } from "./build-layer.js";
import { writeBusyboxRootfs } from "./busybox-rootfs.js";
import { pushImage, type PushedImage, type RegistryTarget } from "./push-image.js";
import { tempDir } from "./temp-dir.js";

export const FIXTURE_NAMES = ["busybox", "httpd", "multi"] as const;
export type FixtureName = (typeof FIXTURE_NAMES)[number];

/** Pushed fixtures by name; `reference` is e.g. "127.0.0.1:PORT/busybox:latest". */
export type Fixtures = Record<FixtureName, PushedImage>;

export type BuiltFixtures = Record<FixtureName, BuiltImage | BuiltIndex>;

export const FIXTURE_TAG = "latest";
export const FIXTURE_PATH_ENV = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
export const HTTPD_INDEX_HTML = "<h1>hello from wharf httpd fixture</h1>\n";

let built: Promise<BuiltFixtures> | undefined;

/** Builds (once per process) the three fixture images in memory. */
export function buildFixtureImages(): Promise<BuiltFixtures> {
  built ??= buildAll();
  return built;
}

/** Builds the fixtures (if not yet built) and pushes them to the registry at `registry` ("127.0.0.1:PORT" or a
 * RegistryTarget with credentials). */
export async function pushFixtures(registry: string | RegistryTarget): Promise<Fixtures> {
  const target = typeof registry === "string" ? { host: registry } : registry;
  const images = await buildFixtureImages();
  const out: Partial<Fixtures> = {};
  for (const name of FIXTURE_NAMES) out[name] = await pushImage(target, name, FIXTURE_TAG, images[name]);
  return out as Fixtures;
}

/** The busybox rootfs split in two layers: [bin/ entries, everything else (etc, tmp, root, home, ...)]. */
export function busyboxLayerEntries(): { bin: LayerEntry[]; rest: LayerEntry[] } {
  const dir = tempDir("wh-fixture-rootfs");
  try {
    writeBusyboxRootfs(dir.path);
    const isBin = (p: string) => p === "bin" || p.startsWith("bin/");
    // var/www/index.html belongs to the httpd image only.
    const notWeb = (p: string) => p !== "var/www/index.html";
    return {
      bin: readDirEntries(dir.path, isBin),
      rest: readDirEntries(dir.path, (p) => !isBin(p) && notWeb(p)),
    };
  } finally {
    dir.remove();
  }
}

async function buildAll(): Promise<BuiltFixtures> {
  const { bin, rest } = busyboxLayerEntries();
  const shellConfig: ContainerConfig = { Env: [FIXTURE_PATH_ENV], Cmd: ["sh"] };
  const binLayer = { files: bin, createdBy: "COPY busybox-static /bin (harness fixture)" };
  const etcLayer = { files: rest, createdBy: "COPY etc tmp root home (harness fixture)" };

  const busybox = await buildImage({ format: "docker", layers: [binLayer, etcLayer], config: shellConfig });
  const httpd = await buildImage({
    format: "oci",
    layers: [
      binLayer,
      etcLayer,
      {
        files: [{ path: "var/www/index.html", type: "file", content: HTTPD_INDEX_HTML }],
        createdBy: "COPY index.html /var/www (harness fixture)",
      },
    ],
    config: {
      Env: [FIXTURE_PATH_ENV],
      Cmd: ["httpd", "-f", "-p", "80", "-h", "/var/www"],
      ExposedPorts: { "80/tcp": {} },
    },
  });
  const platformImage = (architecture: string) =>
    buildImage({
      format: "oci",
      platform: { architecture, os: "linux" },
      layers: [
        binLayer,
        etcLayer,
        {
          files: [{ path: "etc/platform", type: "file", content: `${architecture}\n` }],
          createdBy: `RUN echo ${architecture} > /etc/platform (harness fixture)`,
        },
      ],
      config: shellConfig,
    });
  const multi = buildImageIndex([await platformImage("amd64"), await platformImage("arm64")]);
  return { busybox, httpd, multi };
}
