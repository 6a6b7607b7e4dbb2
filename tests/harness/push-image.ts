// Pushes built images to a registry over the distribution API (OCI distribution-spec, "Pushing"):
// HEAD /v2/<name>/blobs/<digest> to skip blobs already there; otherwise a monolithic upload —
// POST /v2/<name>/blobs/uploads/ (202 + Location) then PUT <Location>?digest=<digest> with the whole blob;
// finally PUT /v2/<name>/manifests/<reference>. For an index, each image is pushed by digest first.
import type { BuiltImage, BuiltIndex } from "./build-image.js";
import { HarnessError } from "./harness-error.js";

export interface RegistryTarget {
  /** "127.0.0.1:PORT" */
  host: string;
  /** Authorization header value (e.g. Registry.authorization when basic auth is on). */
  authorization?: string;
}

export interface PushedPlatform {
  platform: { architecture: string; os: string; variant?: string };
  manifestDigest: string;
  configDigest: string;
  layerDigests: string[];
}

export interface PushedImage {
  /** "127.0.0.1:PORT/name:tag" */
  reference: string;
  repository: string;
  tag: string;
  /** Digest of what the tag points to (the index for multi-platform images): `name@digest` pulls it. */
  manifestDigest: string;
  manifestMediaType: string;
  /** Config digest of the linux/amd64 image (for an index) = the image ID `docker image inspect` shows here. */
  configDigest: string;
  /** Layer blob digests of that image, bottom first. */
  layerDigests: string[];
  /** sha256 of each uncompressed layer (rootfs.diff_ids), bottom first. */
  diffIds: string[];
  /** Every platform the reference covers (one entry for a single-platform image). */
  platforms: PushedPlatform[];
}

/** Pushes `image` as `<repository>:<tag>` and returns what was pushed. */
export async function pushImage(
  target: RegistryTarget,
  repository: string,
  tag: string,
  image: BuiltImage | BuiltIndex,
): Promise<PushedImage> {
  const images = image.kind === "index" ? image.images : [image];
  for (const img of images) {
    for (const layer of img.layers) await pushBlob(target, repository, layer.digest, layer.blob);
    await pushBlob(target, repository, img.configDigest, img.config);
    if (image.kind === "index") await putManifest(target, repository, img.manifestDigest, img.manifestMediaType, img.manifest);
  }
  await putManifest(target, repository, tag, image.manifestMediaType, image.manifest);
  const main = images.find((i) => i.platform.os === "linux" && i.platform.architecture === "amd64") ?? images[0];
  if (main === undefined) throw new HarnessError("InvalidArgument", "image index has no images", { object: repository });
  return {
    reference: `${target.host}/${repository}:${tag}`,
    repository,
    tag,
    manifestDigest: image.manifestDigest,
    manifestMediaType: image.manifestMediaType,
    configDigest: main.configDigest,
    layerDigests: main.layers.map((l) => l.digest),
    diffIds: main.layers.map((l) => l.diffId),
    platforms: images.map((i) => ({
      platform: i.platform,
      manifestDigest: i.manifestDigest,
      configDigest: i.configDigest,
      layerDigests: i.layers.map((l) => l.digest),
    })),
  };
}

async function request(
  target: RegistryTarget,
  method: string,
  url: string,
  opts: { body?: Buffer; contentType?: string } = {},
): Promise<Response> {
  const headers: Record<string, string> = {};
  if (target.authorization) headers.authorization = target.authorization;
  if (opts.contentType) headers["content-type"] = opts.contentType;
  const absolute = url.startsWith("http") ? url : `http://${target.host}${url}`;
  // Copied into a plain Uint8Array: fetch's BodyInit type does not accept a Buffer over a SharedArrayBuffer-like.
  const body = opts.body === undefined ? undefined : new Uint8Array(opts.body);
  const res = await fetch(absolute, { method, headers, body });
  return res;
}

async function failed(what: string, res: Response): Promise<HarnessError> {
  const body = await res.text();
  return new HarnessError("CommandFailed", `${res.status} ${body.slice(0, 500)}`, { object: what });
}

/** Uploads one blob unless the registry already has it in this repository. */
export async function pushBlob(target: RegistryTarget, repository: string, digest: string, blob: Buffer): Promise<void> {
  const head = await request(target, "HEAD", `/v2/${repository}/blobs/${digest}`);
  if (head.status === 200) return;
  if (head.status !== 404) throw await failed(`HEAD blob ${repository}@${digest}`, head);
  const start = await request(target, "POST", `/v2/${repository}/blobs/uploads/`);
  const location = start.headers.get("location");
  if (start.status !== 202 || !location) throw await failed(`POST /v2/${repository}/blobs/uploads/`, start);
  await start.arrayBuffer();
  const putUrl = new URL(location, `http://${target.host}`);
  putUrl.searchParams.set("digest", digest);
  const put = await request(target, "PUT", putUrl.toString(), { body: blob, contentType: "application/octet-stream" });
  if (put.status !== 201) throw await failed(`PUT blob ${repository}@${digest}`, put);
  await put.arrayBuffer();
}

async function putManifest(
  target: RegistryTarget,
  repository: string,
  reference: string,
  mediaType: string,
  manifest: Buffer,
): Promise<void> {
  const res = await request(target, "PUT", `/v2/${repository}/manifests/${reference}`, {
    body: manifest,
    contentType: mediaType,
  });
  if (res.status !== 201) throw await failed(`PUT manifest ${repository}:${reference}`, res);
  await res.arrayBuffer();
}
