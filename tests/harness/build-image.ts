// Builds complete images in memory — layers, config, manifest — ready to push. Formats:
// - "docker": Docker image manifest v2 schema 2 (application/vnd.docker.distribution.manifest.v2+json);
// - "oci": OCI image-spec v1 manifest.md (application/vnd.oci.image.manifest.v1+json).
// Multi-platform images are an OCI image index (image-spec image-index.md) over single-platform images.
// Config JSON follows image-spec config.md; the config digest is the image ID dockerd shows.
import { buildLayer, type BuiltLayer, FIXTURE_TIME, type LayerEntry, sha256 } from "./build-layer.js";

export const MANIFEST_FORMATS = ["docker", "oci"] as const;
export type ManifestFormat = (typeof MANIFEST_FORMATS)[number];

export const MEDIA_TYPES = {
  docker: {
    manifest: "application/vnd.docker.distribution.manifest.v2+json",
    config: "application/vnd.docker.container.image.v1+json",
    layer: "application/vnd.docker.image.rootfs.diff.tar.gzip",
  },
  oci: {
    manifest: "application/vnd.oci.image.manifest.v1+json",
    config: "application/vnd.oci.image.config.v1+json",
    layer: "application/vnd.oci.image.layer.v1.tar+gzip",
  },
  ociIndex: "application/vnd.oci.image.index.v1+json",
} as const;

/** The `config` object of an image config (the container defaults), with Docker's PascalCase keys. */
export interface ContainerConfig {
  Cmd?: string[];
  Entrypoint?: string[];
  Env?: string[];
  WorkingDir?: string;
  User?: string;
  ExposedPorts?: Record<string, Record<string, never>>;
  Labels?: Record<string, string>;
}

export interface Platform {
  architecture: string;
  os: string;
  variant?: string;
}

export interface ImageSpec {
  /** Layers, bottom first. `createdBy` becomes the history entry (default "harness layer N"). */
  layers: { files: readonly LayerEntry[]; createdBy?: string }[];
  config?: ContainerConfig;
  /** Default linux/amd64. */
  platform?: Platform;
  /** Default "oci". */
  format?: ManifestFormat;
}

export interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
  platform?: Platform;
}

export interface BuiltImage {
  kind: "image";
  format: ManifestFormat;
  platform: Platform;
  manifest: Buffer;
  manifestMediaType: string;
  manifestDigest: string;
  config: Buffer;
  configDigest: string;
  layers: BuiltLayer[];
}

export interface BuiltIndex {
  kind: "index";
  manifest: Buffer;
  manifestMediaType: string;
  manifestDigest: string;
  /** The images the index points to, in index order. */
  images: BuiltImage[];
}

/** Builds one single-platform image. Same spec in, same digests out. */
export async function buildImage(spec: ImageSpec): Promise<BuiltImage> {
  const format = spec.format ?? "oci";
  const platform = spec.platform ?? { architecture: "amd64", os: "linux" };
  const types = MEDIA_TYPES[format];
  const layers: BuiltLayer[] = [];
  for (const l of spec.layers) layers.push(await buildLayer(l.files));
  const created = FIXTURE_TIME.toISOString();
  const configJson = {
    created,
    architecture: platform.architecture,
    ...(platform.variant ? { variant: platform.variant } : {}),
    os: platform.os,
    config: spec.config ?? {},
    rootfs: { type: "layers", diff_ids: layers.map((l) => l.diffId) },
    history: spec.layers.map((l, i) => ({ created, created_by: l.createdBy ?? `harness layer ${i + 1}` })),
  };
  const config = Buffer.from(JSON.stringify(configJson));
  const configDigest = sha256(config);
  const manifestJson = {
    schemaVersion: 2,
    mediaType: types.manifest,
    config: { mediaType: types.config, digest: configDigest, size: config.length },
    layers: layers.map((l) => ({ mediaType: types.layer, digest: l.digest, size: l.blob.length })),
  };
  const manifest = Buffer.from(JSON.stringify(manifestJson));
  return {
    kind: "image",
    format,
    platform,
    manifest,
    manifestMediaType: types.manifest,
    manifestDigest: sha256(manifest),
    config,
    configDigest,
    layers,
  };
}

/** Builds an OCI image index over `images` (each must have a distinct platform). */
export function buildImageIndex(images: readonly BuiltImage[]): BuiltIndex {
  const manifestJson = {
    schemaVersion: 2,
    mediaType: MEDIA_TYPES.ociIndex,
    manifests: images.map(
      (img): Descriptor => ({
        mediaType: img.manifestMediaType,
        digest: img.manifestDigest,
        size: img.manifest.length,
        platform: img.platform,
      }),
    ),
  };
  const manifest = Buffer.from(JSON.stringify(manifestJson));
  return {
    kind: "index",
    manifest,
    manifestMediaType: MEDIA_TYPES.ociIndex,
    manifestDigest: sha256(manifest),
    images: [...images],
  };
}
