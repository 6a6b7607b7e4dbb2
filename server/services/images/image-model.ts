// The image model the control plane shows and its one translation from Docker's wire types
// (GET /images/json, GET /images/{name}/json, GET /images/{name}/history; Engine API v1.41 §Image).
import type Docker from "dockerode";

/** One row of the image list. `inUse`: some container (any state) was created from it. */
export type ImageSummary = {
  id: string;
  shortId: string;
  tags: string[];
  digests: string[];
  sizeBytes: number;
  createdAt: string;
  containers: number;
  inUse: boolean;
  dangling: boolean;
};

export type ImageLayer = { diffId: string; createdBy: string; sizeBytes: number; createdAt: string | null; comment: string };

export type ImageDetails = {
  id: string;
  tags: string[];
  digests: string[];
  sizeBytes: number;
  createdAt: string;
  architecture: string;
  os: string;
  entrypoint: string[];
  command: string[];
  env: string[];
  workingDir: string;
  user: string;
  labels: Record<string, string>;
  exposedPorts: string[];
  /** rootfs layers (diff IDs) in order, bottom first */
  layers: string[];
  /** build steps, oldest first; empty-layer steps have size 0 */
  history: ImageLayer[];
};

const NONE_TAG = "<none>:<none>";
const NONE_DIGEST = "<none>@<none>";

export function shortImageId(id: string): string {
  return id.replace(/^sha256:/, "").slice(0, 12);
}

/** `usedImageIds`: the ImageID of every container on the host (GET /containers/json?all=1). */
export function toImageSummary(wire: Docker.ImageInfo, usedImageIds: ReadonlySet<string>): ImageSummary {
  const tags = (wire.RepoTags ?? []).filter((t) => t !== NONE_TAG);
  const used = usedImageIds.has(wire.Id);
  return {
    id: wire.Id,
    shortId: shortImageId(wire.Id),
    tags,
    digests: (wire.RepoDigests ?? []).filter((d) => d !== NONE_DIGEST),
    sizeBytes: wire.Size,
    createdAt: new Date(wire.Created * 1000).toISOString(),
    containers: wire.Containers >= 0 ? wire.Containers : 0,
    inUse: used,
    dangling: tags.length === 0,
  };
}

type WireHistory = { Id: string; Created: number; CreatedBy: string; Tags: string[] | null; Size: number; Comment: string };

export function toImageDetails(wire: Docker.ImageInspectInfo, history: WireHistory[]): ImageDetails {
  const config = wire.Config ?? ({} as Docker.ImageInspectInfo["Config"]);
  const asList = (v: unknown): string[] => (Array.isArray(v) ? v : typeof v === "string" && v ? [v] : []);
  return {
    id: wire.Id,
    tags: wire.RepoTags ?? [],
    digests: wire.RepoDigests ?? [],
    sizeBytes: wire.Size,
    createdAt: wire.Created,
    architecture: wire.Architecture,
    os: wire.Os,
    entrypoint: asList(config.Entrypoint),
    command: asList(config.Cmd),
    env: config.Env ?? [],
    workingDir: config.WorkingDir ?? "",
    user: config.User ?? "",
    labels: (config.Labels as Record<string, string> | null) ?? {},
    exposedPorts: Object.keys(config.ExposedPorts ?? {}).sort(),
    layers: wire.RootFS?.Layers ?? [],
    // The engine lists history newest first; we show the build order.
    history: [...history].reverse().map((h) => ({
      diffId: h.Id === "<missing>" ? "" : h.Id,
      createdBy: h.CreatedBy ?? "",
      sizeBytes: h.Size ?? 0,
      createdAt: h.Created ? new Date(h.Created * 1000).toISOString() : null,
      comment: h.Comment ?? "",
    })),
  };
}

/** What `image prune` (dangling only, or all unused) would remove; the preview shown before pruning. */
export function selectPrunable(images: ImageSummary[], mode: "dangling" | "unused"): ImageSummary[] {
  return images.filter((i) => !i.inUse && (mode === "unused" || i.dangling));
}
