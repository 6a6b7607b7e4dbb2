// Tag, remove and prune images. Removing an image a container uses needs `force` (the engine refuses with
// 409 otherwise and its reason is passed on); prune removes exactly the images the preview listed.
import type Docker from "dockerode";
import { AppError } from "../../errors";
import { toAppError } from "../containers/docker-error";
import { isValidImageReference } from "../containers/container-form";
import { listImages } from "./list-images";
import { selectPrunable, type ImageSummary } from "./image-model";

/** `target` is repo[:tag]; the tag defaults to "latest" as with `docker tag`. */
export async function tagImage(docker: Docker, imageId: string, target: string): Promise<{ reference: string }> {
  const reference = target.trim();
  if (!isValidImageReference(reference) || reference.includes("@")) {
    throw new AppError("InvalidArgument", `"${reference}" is not a valid repository[:tag]`, { fieldErrors: { target: ["Use repository[:tag], lowercase"] } });
  }
  const colon = reference.lastIndexOf(":");
  const hasTag = colon > reference.lastIndexOf("/");
  const repo = hasTag ? reference.slice(0, colon) : reference;
  const tag = hasTag ? reference.slice(colon + 1) : "latest";
  try {
    await docker.getImage(imageId).tag({ repo, tag });
  } catch (error) {
    throw toAppError(error, `image "${imageId}"`);
  }
  return { reference: `${repo}:${tag}` };
}

export async function removeImage(docker: Docker, imageId: string, force: boolean): Promise<{ untagged: string[]; deleted: string[] }> {
  try {
    const result = (await docker.getImage(imageId).remove({ force })) as Array<{ Untagged?: string; Deleted?: string }>;
    return {
      untagged: result.flatMap((r) => (r.Untagged ? [r.Untagged] : [])),
      deleted: result.flatMap((r) => (r.Deleted ? [r.Deleted] : [])),
    };
  } catch (error) {
    throw toAppError(error, `image "${imageId}"`);
  }
}

export async function previewImagePrune(docker: Docker, mode: "dangling" | "unused"): Promise<ImageSummary[]> {
  return selectPrunable(await listImages(docker), mode);
}

/**
 * Removes the images the preview shows, one by one (not POST /images/prune, whose "unused" rule differs by
 * engine version), so what goes is what the user saw. Images that became used meanwhile are skipped.
 */
export async function pruneImages(docker: Docker, mode: "dangling" | "unused"): Promise<{ removed: string[]; skipped: Array<{ id: string; reason: string }>; reclaimedBytes: number }> {
  const prunable = await previewImagePrune(docker, mode);
  const removed: string[] = [];
  const skipped: Array<{ id: string; reason: string }> = [];
  let reclaimedBytes = 0;
  for (const image of prunable) {
    try {
      await docker.getImage(image.id).remove({ force: false, noprune: false });
      removed.push(image.id);
      reclaimedBytes += image.sizeBytes;
    } catch (error) {
      skipped.push({ id: image.id, reason: toAppError(error, `image "${image.shortId}"`).message });
    }
  }
  return { removed, skipped, reclaimedBytes };
}
