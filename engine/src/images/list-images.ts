// `docker images`: every image (newest first, as dockerd sorts), with the filters the CLI sends:
// reference=<pattern> (path.Match-style glob on the familiar name, with or without tag) and dangling=true|false.
import { describeImage, type ImageDetails } from "./describe-image.js";
import type { ImageStore } from "./image-store.js";

/** (`all` is irrelevant here: pulled images have no intermediate parent images.) */
export function listImages(images: ImageStore, filters: Record<string, string[]>): ImageDetails[] {
  let list = images.metadata.images().map((img) => describeImage(images, img));
  const dangling = filters.dangling?.[0];
  if (dangling !== undefined) list = list.filter((d) => (d.repoTags.length === 0) === (dangling === "true" || dangling === "1"));
  const patterns = filters.reference ?? [];
  if (patterns.length > 0) {
    const res = patterns.map(globToRegExp);
    list = list
      .map((d) => ({ ...d, repoTags: d.repoTags.filter((t) => res.some((re) => re.test(t) || re.test(t.replace(/:[^/:]+$/, "")))) }))
      .filter((d) => d.repoTags.length > 0);
  }
  return list.sort((a, b) => Date.parse(b.created) - Date.parse(a.created));
}

function globToRegExp(pattern: string): RegExp {
  const src = pattern.replace(/[.+^${}()|\\]/g, "\\$&").replace(/\*/g, "[^/]*").replace(/\?/g, "[^/]");
  return new RegExp(`^${src}$`);
}
