// `docker rmi` with dockerd's semantics (daemon/images/image_delete.go):
// - by reference: untag it; when no tag of that repository remains, its digest references go too; when no
//   reference at all remains, the image is deleted (with its now-unused layers);
// - by ID: refused with 409 when the image is tagged in several repositories, unless forced;
// - an image a container uses is never deleted unless forced (the container subsystem answers imageUsers).
import { conflict } from "../errors.js";
import { familiarString, formatReference, parseReference, repositoryName } from "../reference/parse-reference.js";
import type { ImageStore } from "./image-store.js";
import { shortId } from "./progress.js";

export type RemovedImageEntry = { kind: "untagged"; reference: string } | { kind: "deleted"; id: string };

export function removeImage(images: ImageStore, name: string, opts: { force: boolean }): RemovedImageEntry[] {
  const img = images.get(name);
  const out: RemovedImageEntry[] = [];
  const refs = images.metadata.referencesOf(img.id);
  const byId = isIdLike(name, img.id) && images.metadata.resolve(safeCanonical(name) ?? "") === undefined;
  const users = images.imageUsers(img.id);

  if (!byId) {
    const ref = parseReference(name, { defaultTag: true });
    const canonical = formatReference(ref);
    const target = refs.includes(canonical) ? canonical : undefined;
    if (target) {
      // What goes: the reference itself and, when it was the repository's last tag, the repository's digest refs.
      const untag = [target];
      if (ref.digest === undefined) {
        const repo = repositoryName(ref);
        const sameRepo = refs.filter((r) => r !== target && repositoryName(parseReference(r)) === repo);
        if (!sameRepo.some((r) => parseReference(r).digest === undefined)) untag.push(...sameRepo);
      }
      const deletes = refs.every((r) => untag.includes(r));
      if (deletes && users.length > 0 && !opts.force) {
        throw conflict(`conflict: unable to remove repository reference "${name}" (must force) - container ${shortId(users[0]!)} is using its referenced image ${shortId(img.id)}`, name);
      }
      for (const r of untag) {
        images.metadata.removeReference(r);
        out.push({ kind: "untagged", reference: familiarString(parseReference(r)) });
      }
      return deletes ? [...out, ...deleteImage(images, img.id)] : out;
    }
  }
  if (users.length > 0 && !opts.force) {
    throw conflict(`conflict: unable to delete ${shortId(img.id)} (must be forced) - image is being used by stopped container ${shortId(users[0]!)}`, name);
  }
  const repos = new Set(refs.map((r) => repositoryName(parseReference(r))));
  if (repos.size > 1 && !opts.force) {
    throw conflict(`conflict: unable to delete ${shortId(img.id)} (must be forced) - image is referenced in multiple repositories`, name);
  }
  for (const r of refs) {
    images.metadata.removeReference(r);
    out.push({ kind: "untagged", reference: familiarString(parseReference(r)) });
  }
  return [...out, ...deleteImage(images, img.id)];
}

/** Deletes the record, then the layers no other image uses (reported top first, as dockerd does). */
function deleteImage(images: ImageStore, id: string): RemovedImageEntry[] {
  const img = images.metadata.image(id)!;
  images.metadata.removeImage(id);
  const stillUsed = new Set(images.metadata.images().flatMap((i) => i.layers.map((l) => l.chainId)));
  const out: RemovedImageEntry[] = [{ kind: "deleted", id }];
  for (const l of [...img.layers].reverse()) {
    if (stillUsed.has(l.chainId)) continue;
    images.snapshots.remove(l.chainId);
    out.push({ kind: "deleted", id: l.chainId });
  }
  images.collectGarbage();
  return out;
}

function isIdLike(name: string, id: string): boolean {
  const m = /^(?:sha256:)?([0-9a-f]{1,64})$/.exec(name);
  return m !== null && id.slice(7).startsWith(m[1]!);
}

/** `docker tag SOURCE TARGET`: points a (tag) reference at the image. */
export function tagImage(images: ImageStore, source: string, repo: string, tag: string): void {
  const img = images.get(source);
  const ref = parseReference(tag ? `${repo}:${tag}` : repo, { defaultTag: true });
  if (ref.digest !== undefined) throw conflict("refusing to create a tag with a digest reference", repo);
  images.metadata.setReference(formatReference(ref), img.id);
}

function safeCanonical(name: string): string | undefined {
  try {
    return formatReference(parseReference(name, { defaultTag: true }));
  } catch {
    return undefined;
  }
}
