// Picks the manifest for a platform from an image index (image-spec image-index.md "platform"). The default is the
// daemon's own platform, linux/amd64 on x86-64. A requested "os/arch[/variant]" string follows containerd's
// platforms.Parse for the common forms.
import { arch } from "node:os";
import { notFound, invalidArgument } from "../errors.js";
import type { Descriptor, ImageIndex, Platform } from "./media-types.js";

export function hostPlatform(): Platform {
  const a = arch();
  const architecture = a === "x64" ? "amd64" : a === "ia32" ? "386" : a;
  return { os: "linux", architecture, ...(architecture === "arm64" ? { variant: "v8" } : {}) };
}

/** Parses "linux/amd64", "linux/arm64/v8", "linux/arm/v7"; "" gives the host platform. */
export function parsePlatform(s: string): Platform {
  if (s === "") return hostPlatform();
  const parts = s.toLowerCase().split("/");
  if (parts.length < 2 || parts.length > 3 || parts.some((p) => p === "")) throw invalidArgument(`"${s}": unknown operating system or architecture: invalid argument`);
  const architecture = parts[1] === "x86_64" ? "amd64" : parts[1] === "aarch64" ? "arm64" : parts[1]!;
  return { os: parts[0]!, architecture, ...(parts[2] ? { variant: parts[2] } : {}) };
}

export function formatPlatform(p: Platform): string {
  return [p.os, p.architecture, p.variant].filter(Boolean).join("/");
}

/** The index entry for `want`; a missing variant on either side matches (arm64 entries often omit "v8"). */
export function selectPlatform(index: ImageIndex, want: Platform, object: string): Descriptor {
  const candidates = index.manifests.filter(
    (d) => d.platform && d.platform.os === want.os && d.platform.architecture === want.architecture,
  );
  const exact = candidates.find((d) => (d.platform!.variant ?? "") === (want.variant ?? ""));
  const chosen = exact ?? candidates.find((d) => !d.platform!.variant || !want.variant);
  if (!chosen) throw notFound(`no matching manifest for ${formatPlatform(want)} in the manifest list entries`, object);
  return chosen;
}
