// `docker pull`: resolve the reference, fetch the manifest (choosing the platform from an index), the config
// and every missing layer (in parallel, each streamed straight into its snapshot), then record the image and
// its tag/digest references in one atomic metadata write. Progress is reported as dockerd does, so the docker
// CLI prints the same lines. A crash at any point leaves only complete blobs and snapshots behind; pulling again
// reuses them ("Already exists") and finishes.
import { EngineError } from "../errors.js";
import type { Logger } from "../log.js";
import type { ImageRecord, LayerRecord } from "../content/metadata-store.js";
import { familiarString, formatReference, parseReference, repositoryName } from "../reference/parse-reference.js";
import { isIndexMediaType, isManifestMediaType, type ImageIndex, type ImageManifest, type Platform } from "../registry/media-types.js";
import type { RegistryCredentials } from "../registry/registry-auth.js";
import { RegistryClient } from "../registry/registry-client.js";
import { selectPlatform } from "../registry/select-platform.js";
import { chainIds } from "../snapshots/chain-id.js";
import type { ImageConfig, ImageStore } from "./image-store.js";
import { progressBar, shortId, type Progress } from "./progress.js";
import { unpackLayer } from "./unpack-layer.js";

export const MAX_CONCURRENT_DOWNLOADS = 4;

export interface PullRequest {
  /** "busybox", "127.0.0.1:5000/busybox:v1", "x@sha256:…" — tag may also come separately. */
  reference: string;
  platform: Platform;
  credentials: RegistryCredentials;
}

export interface PullDeps {
  images: ImageStore;
  insecureRegistries: readonly string[];
  log: Logger;
}

export async function pullImage(deps: PullDeps, req: PullRequest, progress: Progress): Promise<ImageRecord> {
  const { images, log } = deps;
  const ref = parseReference(req.reference, { defaultTag: true });
  const tagOrDigest = ref.digest ?? ref.tag!;
  const client = new RegistryClient(ref, req.credentials, deps.insecureRegistries, log.child({ imageRef: formatReference(ref) }));
  const top = await client.fetchManifest(tagOrDigest);
  let manifestBytes = top.bytes;
  let manifestDigest = top.digest;
  let manifestMediaType = top.mediaType;
  let indexDigest: string | undefined;
  if (isIndexMediaType(top.mediaType)) {
    const index = JSON.parse(top.bytes.toString("utf8")) as ImageIndex;
    const chosen = selectPlatform(index, req.platform, formatReference(ref));
    const m = await client.fetchManifest(chosen.digest);
    indexDigest = top.digest;
    manifestBytes = m.bytes;
    manifestDigest = m.digest;
    manifestMediaType = m.mediaType || chosen.mediaType;
  }
  if (!isManifestMediaType(manifestMediaType)) {
    throw new EngineError("InvalidArgument", `unsupported manifest media type ${manifestMediaType}`, { object: formatReference(ref) });
  }
  const manifest = JSON.parse(manifestBytes.toString("utf8")) as ImageManifest;
  // dockerd (distribution/pull_v2.go) announces the pull only once the manifest is known: a missing image is a
  // plain HTTP error, not an in-stream one.
  // The line id is the tag, or for a pull by digest the whole familiar reference (as dockerd prints it).
  progress({ status: `Pulling from ${ref.path}`, id: ref.digest ? familiarString(ref) : ref.tag });

  const configDigest = manifest.config.digest;
  if (!images.content.has(configDigest)) {
    const { stream } = await client.openBlob(configDigest);
    const chunks: Buffer[] = [];
    for await (const c of stream) chunks.push(c as Buffer);
    images.content.put(Buffer.concat(chunks), configDigest);
  }
  const config = JSON.parse(images.content.read(configDigest).toString("utf8")) as ImageConfig;
  const diffIds = config.rootfs?.diff_ids ?? [];
  if (diffIds.length !== manifest.layers.length) {
    throw new EngineError("InvalidArgument", `image config has ${diffIds.length} diff_ids but the manifest ${manifest.layers.length} layers`, { object: configDigest });
  }
  const chains = chainIds(diffIds);
  const layers: LayerRecord[] = manifest.layers.map((d, i) => ({ digest: d.digest, mediaType: d.mediaType, size: d.size, diffId: diffIds[i]!, chainId: chains[i]! }));

  const tagRef = ref.tag !== undefined && ref.digest === undefined ? formatReference({ domain: ref.domain, path: ref.path, tag: ref.tag }) : undefined;
  const previous = tagRef ? images.metadata.resolve(tagRef) : undefined;
  await fetchLayers(deps, client, layers, progress);

  images.content.put(manifestBytes, manifestDigest);
  if (indexDigest) images.content.put(top.bytes, indexDigest);
  const record: ImageRecord = { id: configDigest, manifestDigest, manifestMediaType, ...(indexDigest ? { indexDigest } : {}), layers, storedAt: Date.now() };
  const repoDigest = `${repositoryName(ref)}@${indexDigest ?? manifestDigest}`;
  images.metadata.putImage(record, tagRef ? [tagRef, repoDigest] : [repoDigest]);
  progress({ status: `Digest: ${indexDigest ?? manifestDigest}` });
  const shown = familiarString(ref);
  progress({ status: previous === configDigest ? `Status: Image is up to date for ${shown}` : `Status: Downloaded newer image for ${shown}` });
  log.info({ imageRef: formatReference(ref), id: configDigest }, "image pulled");
  return images.metadata.image(configDigest)!;
}

async function fetchLayers(deps: PullDeps, client: RegistryClient, layers: LayerRecord[], progress: Progress): Promise<void> {
  const { images } = deps;
  const todo: { layer: LayerRecord; parent: string | null }[] = [];
  layers.forEach((layer, i) => {
    const id = shortId(layer.digest);
    if (images.snapshots.has(layer.chainId) && images.content.has(layer.digest)) progress({ status: "Already exists", progressDetail: {}, id });
    else {
      todo.push({ layer, parent: i === 0 ? null : layers[i - 1]!.chainId });
      progress({ status: "Pulling fs layer", progressDetail: {}, id });
    }
  });
  todo.slice(MAX_CONCURRENT_DOWNLOADS).forEach(({ layer }) => progress({ status: "Waiting", progressDetail: {}, id: shortId(layer.digest) }));
  // Layers download in parallel, but "Pull complete" is reported bottom-up, as dockerd registers layers in order.
  const done = new Map<string, { promise: Promise<void>; resolve: () => void }>();
  for (const { layer } of todo) {
    let resolve!: () => void;
    const promise = new Promise<void>((r) => (resolve = r));
    done.set(layer.digest, { promise, resolve });
  }
  let next = 0;
  const worker = async () => {
    while (next < todo.length) {
      const i = next++;
      const item = todo[i]!;
      await fetchLayer(deps, client, item.layer, item.parent, progress);
      const below = i > 0 ? done.get(todo[i - 1]!.layer.digest)!.promise : Promise.resolve();
      void below.then(() => {
        progress({ status: "Pull complete", progressDetail: {}, id: shortId(item.layer.digest) });
        done.get(item.layer.digest)!.resolve();
      });
    }
  };
  await Promise.all(Array.from({ length: Math.min(MAX_CONCURRENT_DOWNLOADS, todo.length) }, worker));
  const last = todo[todo.length - 1];
  if (last) await done.get(last.layer.digest)!.promise;
}

async function fetchLayer(deps: PullDeps, client: RegistryClient, layer: LayerRecord, parent: string | null, progress: Progress): Promise<void> {
  const { images } = deps;
  const id = shortId(layer.digest);
  const inflight = images.unpacking.get(layer.chainId);
  if (inflight) {
    await inflight;
    return;
  }
  const work = (async () => {
    if (images.snapshots.has(layer.chainId) && images.content.has(layer.digest)) return;
    let current = 0;
    let lastReport = 0;
    const onBytes = (n: number) => {
      current += n;
      const now = Date.now();
      if (now - lastReport >= 100) {
        lastReport = now;
        progress({ status: "Downloading", progressDetail: { current, total: layer.size }, progress: progressBar(current, layer.size), id });
      }
    };
    if (images.content.has(layer.digest)) {
      // The blob survived (e.g. a crash after download): unpack it from the store, verifying the DiffID.
      await unpackLayer(images, layer, parent, { stream: images.content.open(layer.digest), store: false });
    } else {
      const { stream } = await client.openBlob(layer.digest);
      await unpackLayer(images, layer, parent, { stream, store: true, onBytes });
    }
    progress({ status: "Verifying Checksum", progressDetail: {}, id });
    progress({ status: "Download complete", progressDetail: {}, id });
    progress({ status: "Extracting", progressDetail: { current: layer.size, total: layer.size }, progress: progressBar(layer.size, layer.size), id });
  })();
  images.unpacking.set(layer.chainId, work);
  try {
    await work;
  } finally {
    images.unpacking.delete(layer.chainId);
  }
}
