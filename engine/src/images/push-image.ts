// `docker push` (POST /images/{name}/push): for each tag of the repository (or the one asked for), make sure
// every layer blob and the config are in the target repository — HEAD first, then a cross-repository mount from
// a repository of the same registry the image is also known under, else a monolithic upload streamed from the
// content store — then PUT the stored manifest, so the pushed digest equals the pulled one. Progress lines and
// the final aux {Tag, Digest, Size} are dockerd's (distribution/push_v2.go); layer lines use short DiffIDs.
import { EngineError, notFound } from "../errors.js";
import type { Logger } from "../log.js";
import { familiarName, formatReference, parseReference, repositoryName, type ImageReference } from "../reference/parse-reference.js";
import type { RegistryCredentials } from "../registry/registry-auth.js";
import { RegistryClient } from "../registry/registry-client.js";
import type { ImageStore } from "./image-store.js";
import { progressBar, shortId, type Progress } from "./progress.js";

export interface PushRequest {
  name: string;
  tag: string;
  credentials: RegistryCredentials;
}

export async function pushImage(deps: { images: ImageStore; insecureRegistries: readonly string[]; log: Logger }, req: PushRequest, progress: Progress): Promise<void> {
  const { images } = deps;
  const repo = parseReference(req.name);
  const repoName = repositoryName(repo);
  const tags = req.tag
    ? [req.tag]
    : Object.keys(images.metadata.allReferences())
        .map((r) => parseReference(r))
        .filter((r) => repositoryName(r) === repoName && r.tag !== undefined && r.digest === undefined)
        .map((r) => r.tag!);
  const shown = repo.domain === "docker.io" ? `docker.io/${repo.path}` : repoName;
  if (tags.length === 0) throw notFound(`An image does not exist locally with the tag: ${familiarName(repo)}`, req.name);
  const client = new RegistryClient(repo, req.credentials, deps.insecureRegistries, deps.log, "pull,push");
  progress({ status: `The push refers to repository [${shown}]` });
  for (const tag of tags) {
    const canonical = formatReference({ ...repo, tag });
    const id = images.metadata.resolve(canonical);
    if (!id) throw notFound(`tag does not exist: ${familiarName(repo)}:${tag}`, req.name);
    const img = images.metadata.image(id)!;
    const sources = images.metadata.referencesOf(id).map((r) => parseReference(r)).filter((r) => r.domain === repo.domain && r.path !== repo.path);
    const layers = [...img.layers].reverse();
    for (const l of layers) progress({ status: "Preparing", progressDetail: {}, id: shortId(l.diffId) });
    await Promise.all(layers.map((l) => pushBlob(client, images, l.digest, l.size, shortId(l.diffId), sources, progress)));
    await pushBlob(client, images, img.id, images.content.size(img.id), undefined, sources, progress);
    const manifest = images.content.read(img.manifestDigest);
    await client.putManifest(tag, img.manifestMediaType, manifest);
    images.metadata.setReference(`${repoName}@${img.manifestDigest}`, id);
    progress({ status: `${tag}: digest: ${img.manifestDigest} size: ${manifest.length}` });
    progress({ progressDetail: {}, aux: { Tag: tag, Digest: img.manifestDigest, Size: manifest.length } });
  }
}

async function pushBlob(client: RegistryClient, images: ImageStore, digest: string, size: number, id: string | undefined, sources: ImageReference[], progress: Progress): Promise<void> {
  if (!images.content.has(digest)) throw new EngineError("NotFound", `blob ${digest} is missing from the content store`, { object: digest });
  if (await client.blobExists(digest)) {
    if (id) progress({ status: "Layer already exists", progressDetail: {}, id });
    return;
  }
  for (const src of sources) {
    if (await client.mountBlob(digest, src.path)) {
      if (id) progress({ status: `Mounted from ${src.path}`, progressDetail: {}, id });
      return;
    }
  }
  if (id) progress({ status: "Pushing", progressDetail: { current: 0, total: size }, progress: progressBar(0, size), id });
  await client.uploadBlob(digest, size, () => images.content.open(digest));
  if (id) progress({ status: "Pushed", progressDetail: {}, id });
}
