// What `docker system df` reports (GET /system/df, dockerd daemon/disk_usage.go): the data root's images (size,
// size shared with other images, containers using them), containers (SizeRw = their overlay upper dir, SizeRootFs
// = that plus the image), local volumes without driver options (size on disk, containers referencing them) and the
// total of unique layers. Sizes are measured on each call, like dockerd; there is no build cache.
import type { ContainerRecord } from "../containers/container-record.js";
import type { ContainerService } from "../containers/container-service.js";
import { rootfsPaths } from "../containers/rootfs-mount.js";
import { describeImage, type ImageDetails } from "../images/describe-image.js";
import type { ImageStore } from "../images/image-store.js";
import { dirSize } from "./dir-size.js";
import type { VolumeService } from "./volume-service.js";
import type { VolumeRecord } from "./volume-store.js";

export const DISK_USAGE_TYPES = ["container", "image", "volume", "build-cache"] as const;
export type DiskUsageType = (typeof DISK_USAGE_TYPES)[number];

export interface DiskUsage {
  layersSize: number;
  images?: { details: ImageDetails; sharedSize: number; containers: number }[];
  containers?: { rec: ContainerRecord; sizeRw: number; sizeRootFs: number }[];
  volumes?: { volume: VolumeRecord; size: number; refCount: number }[];
}

export async function diskUsage(deps: { images: ImageStore; containers: ContainerService; volumes: VolumeService }, types: readonly DiskUsageType[] = DISK_USAGE_TYPES): Promise<DiskUsage> {
  const { images, containers, volumes } = deps;
  const records = containers.store.all();
  const imgs = images.metadata.images();
  // A layer (ChainID) counted once for LayersSize; "shared" when more than one image has it.
  const layerUsers = new Map<string, number>();
  for (const img of imgs) for (const l of new Set(img.layers.map((x) => x.chainId))) layerUsers.set(l, (layerUsers.get(l) ?? 0) + 1);
  const layerSize = (chainId: string) => (images.snapshots.has(chainId) ? images.snapshots.meta(chainId).size : 0);
  const out: DiskUsage = { layersSize: [...layerUsers.keys()].reduce((s, c) => s + layerSize(c), 0) };
  if (types.includes("image")) {
    out.images = imgs.map((img) => ({
      details: describeImage(images, img),
      sharedSize: [...new Set(img.layers.map((l) => l.chainId))].filter((c) => (layerUsers.get(c) ?? 0) > 1).reduce((s, c) => s + layerSize(c), 0),
      containers: records.filter((r) => r.imageId === img.id).length,
    }));
  }
  if (types.includes("container")) {
    out.containers = await Promise.all(
      records.map(async (rec) => {
        const sizeRw = await dirSize(rootfsPaths(containers.store.dir(rec.id)).upper);
        const img = images.find(rec.imageId);
        return { rec, sizeRw, sizeRootFs: sizeRw + (img ? images.size(img) : 0) };
      }),
    );
  }
  if (types.includes("volume")) out.volumes = await volumes.usage();
  return out;
}
