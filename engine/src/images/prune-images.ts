// `docker image prune` (POST /images/prune): removes dangling images (no tag) that no container uses, or with
// filter dangling=false (`docker image prune -a`) every image no container uses. Returns what was removed and the
// bytes reclaimed; finishes with a garbage collection of unreferenced blobs and snapshots.
import type { ImageStore } from "./image-store.js";
import { removeImage, type RemovedImageEntry } from "./remove-image.js";
import { describeImage } from "./describe-image.js";

export function pruneImages(images: ImageStore, filters: Record<string, string[]>): { removed: RemovedImageEntry[]; spaceReclaimed: number } {
  const danglingOnly = !(filters.dangling?.[0] === "false" || filters.dangling?.[0] === "0");
  const removed: RemovedImageEntry[] = [];
  let spaceReclaimed = 0;
  for (const img of images.metadata.images()) {
    if (images.imageUsers(img.id).length > 0) continue;
    const d = describeImage(images, img);
    if (danglingOnly && d.repoTags.length > 0) continue;
    spaceReclaimed += d.size;
    removed.push(...removeImage(images, img.id, { force: true }));
  }
  images.collectGarbage();
  return { removed, spaceReclaimed };
}
