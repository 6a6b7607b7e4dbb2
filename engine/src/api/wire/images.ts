// Docker wire types for the image endpoints (moby api/swagger.yaml: ImageSummary, ImageInspect, HistoryResponseItem,
// ImageDeleteResponseItem, ImagePruneResponse), and one translation function per type from the engine's models.
import type { HistoryEntry, ImageDetails } from "../../images/describe-image.js";
import type { RemovedImageEntry } from "../../images/remove-image.js";
import { compareApiVersions } from "../api-version.js";

export interface ImageSummaryWire {
  Id: string;
  ParentId: string;
  RepoTags: string[];
  RepoDigests: string[];
  Created: number;
  Size: number;
  SharedSize: number;
  Labels: Record<string, string>;
  Containers: number;
}

export interface ImageInspectWire {
  Id: string;
  RepoTags: string[];
  RepoDigests: string[];
  Parent: string;
  Comment: string;
  Created: string;
  DockerVersion: string;
  Author: string;
  Config: Record<string, unknown> | null;
  /** Until API 1.44 (removed in 1.45); docker-compose v1 reads ContainerConfig when it recreates a container. */
  Container?: string;
  ContainerConfig?: Record<string, unknown>;
  Architecture: string;
  Variant?: string;
  Os: string;
  Size: number;
  GraphDriver: { Name: string; Data: Record<string, string> };
  RootFS: { Type: string; Layers: string[] };
  Metadata: { LastTagTime?: string };
}

export interface HistoryItemWire {
  Id: string;
  Created: number;
  CreatedBy: string;
  Tags: string[] | null;
  Size: number;
  Comment: string;
}

export type ImageDeleteItemWire = { Untagged: string } | { Deleted: string };

export function toImageSummaryWire(d: ImageDetails): ImageSummaryWire {
  return {
    Id: d.id,
    ParentId: "",
    RepoTags: d.repoTags,
    RepoDigests: d.repoDigests,
    Created: Math.floor(Date.parse(d.created) / 1000),
    Size: d.size,
    SharedSize: -1,
    Labels: d.labels,
    Containers: -1,
  };
}

/** dockerd's zero container.Config, what it shows as ContainerConfig for images built without the legacy builder. */
const EMPTY_CONTAINER_CONFIG = {
  Hostname: "", Domainname: "", User: "", AttachStdin: false, AttachStdout: false, AttachStderr: false, Tty: false, OpenStdin: false,
  StdinOnce: false, Env: null, Cmd: null, Image: "", Volumes: null, WorkingDir: "", Entrypoint: null, OnBuild: null, Labels: null,
};

export function toImageInspectWire(d: ImageDetails, apiVersion: string): ImageInspectWire {
  const [upper, ...lower] = d.layerDirs;
  const legacy = compareApiVersions(apiVersion, "1.45") < 0 ? { Container: d.container, ContainerConfig: d.containerConfig ?? EMPTY_CONTAINER_CONFIG } : {};
  return {
    Id: d.id,
    RepoTags: d.repoTags,
    RepoDigests: d.repoDigests,
    Parent: "",
    Comment: d.comment,
    Created: d.created,
    DockerVersion: d.dockerVersion,
    Author: d.author,
    Config: d.config,
    ...legacy,
    Architecture: d.architecture,
    ...(d.variant ? { Variant: d.variant } : {}),
    Os: d.os,
    Size: d.size,
    GraphDriver: {
      Name: "overlay2",
      Data: { ...(lower.length ? { LowerDir: lower.join(":") } : {}), ...(upper ? { UpperDir: upper } : {}) },
    },
    RootFS: { Type: "layers", Layers: d.diffIds },
    Metadata: d.lastTagTime ? { LastTagTime: d.lastTagTime } : {},
  };
}

export function toHistoryItemWire(h: HistoryEntry): HistoryItemWire {
  return { Id: h.id, Created: h.created, CreatedBy: h.createdBy, Tags: h.tags.length ? h.tags : null, Size: h.size, Comment: h.comment };
}

export function toImageDeleteItemWire(e: RemovedImageEntry): ImageDeleteItemWire {
  return e.kind === "untagged" ? { Untagged: e.reference } : { Deleted: e.id };
}
