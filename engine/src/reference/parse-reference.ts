// Image references, following the grammar of distribution/reference (reference.go, normalize.go):
//   reference := name [ ":" tag ] [ "@" digest ]
//   name      := [domain "/"] path-component ["/" path-component]*
// with Docker's normalization: no domain → docker.io; a single docker.io path component → library/<name>;
// no tag and no digest → tag "latest" (only where the caller asks for a default tag).
import { invalidArgument } from "../errors.js";

export const DEFAULT_DOMAIN = "docker.io";
export const LEGACY_DEFAULT_DOMAIN = "index.docker.io";
export const OFFICIAL_REPO_PREFIX = "library/";
export const DEFAULT_TAG = "latest";
export const NAME_TOTAL_LENGTH_MAX = 255;

const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const DOMAIN_COMPONENT = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
const DOMAIN = new RegExp(`^(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?$`);
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}$/;
const SHA256_DIGEST = /^sha256:[0-9a-f]{64}$/;
const HEX64 = /^[a-f0-9]{64}$/;

/** A fully normalized reference: `domain/path[:tag][@digest]`. */
export interface ImageReference {
  /** Registry host, with port if any: "docker.io", "127.0.0.1:5000". */
  domain: string;
  /** Repository path inside the registry: "library/busybox", "team/app". */
  path: string;
  tag?: string;
  digest?: string;
}

/**
 * Parses and normalizes `input` (e.g. "busybox", "127.0.0.1:5000/team/app:v1", "x@sha256:..."). Throws
 * InvalidArgument with Docker's wording ("invalid reference format", "... must be lowercase").
 * `defaultTag` adds "latest" when neither a tag nor a digest is given.
 */
export function parseReference(input: string, opts: { defaultTag?: boolean } = {}): ImageReference {
  if (input === "") throw invalidArgument("invalid reference format", input);
  let rest = input;
  let digest: string | undefined;
  const at = rest.indexOf("@");
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest)) throw invalidArgument("invalid reference format", input);
    if (digest.startsWith("sha256:") && !SHA256_DIGEST.test(digest)) throw invalidArgument("invalid checksum digest format", input);
  }
  let tag: string | undefined;
  const lastSlash = rest.lastIndexOf("/");
  const colon = rest.lastIndexOf(":");
  if (colon > lastSlash) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG.test(tag)) throw invalidArgument("invalid reference format", input);
  }
  if (HEX64.test(rest)) {
    throw invalidArgument(`invalid repository name (${rest}), cannot specify 64-byte hexadecimal strings`, input);
  }
  const { domain, path } = splitDomain(rest, input);
  if (`${domain}/${path}`.length > NAME_TOTAL_LENGTH_MAX) {
    throw invalidArgument(`invalid reference format: repository name must not be more than ${NAME_TOTAL_LENGTH_MAX} characters`, input);
  }
  if (tag === undefined && digest === undefined && opts.defaultTag) tag = DEFAULT_TAG;
  return { domain, path, ...(tag !== undefined ? { tag } : {}), ...(digest !== undefined ? { digest } : {}) };
}

function splitDomain(name: string, input: string): { domain: string; path: string } {
  let domain = DEFAULT_DOMAIN;
  let path = name;
  const slash = name.indexOf("/");
  if (slash >= 0) {
    const first = name.slice(0, slash);
    // distribution's splitDockerDomain: the first component is a host when it has a "." or ":", is "localhost",
    // or contains upper case (a path component never may).
    if (first.includes(".") || first.includes(":") || first === "localhost" || first.toLowerCase() !== first) {
      domain = first;
      path = name.slice(slash + 1);
    }
  }
  if (domain === LEGACY_DEFAULT_DOMAIN) domain = DEFAULT_DOMAIN;
  if (!DOMAIN.test(domain)) throw invalidArgument("invalid reference format", input);
  if (domain === DEFAULT_DOMAIN && !path.includes("/")) path = OFFICIAL_REPO_PREFIX + path;
  const parts = path.split("/");
  for (const p of parts) {
    if (PATH_COMPONENT.test(p)) continue;
    if (PATH_COMPONENT.test(p.toLowerCase())) {
      throw invalidArgument(`invalid reference format: repository name (${path}) must be lowercase`, input);
    }
    throw invalidArgument("invalid reference format", input);
  }
  return { domain, path };
}

/** "docker.io/library/busybox:latest" — the canonical string form. */
export function formatReference(ref: ImageReference): string {
  return `${repositoryName(ref)}${ref.tag !== undefined ? `:${ref.tag}` : ""}${ref.digest !== undefined ? `@${ref.digest}` : ""}`;
}

/** "docker.io/library/busybox" — domain and path, no tag or digest. */
export function repositoryName(ref: Pick<ImageReference, "domain" | "path">): string {
  return `${ref.domain}/${ref.path}`;
}

/** The short form Docker shows users: "busybox", "team/app", "127.0.0.1:5000/busybox" (distribution FamiliarName). */
export function familiarName(ref: Pick<ImageReference, "domain" | "path">): string {
  if (ref.domain !== DEFAULT_DOMAIN) return repositoryName(ref);
  return ref.path.startsWith(OFFICIAL_REPO_PREFIX) && ref.path.split("/").length === 2 ? ref.path.slice(OFFICIAL_REPO_PREFIX.length) : ref.path;
}

/** "busybox:latest", "127.0.0.1:5000/busybox@sha256:..." — familiar name plus tag or digest. */
export function familiarString(ref: ImageReference): string {
  return `${familiarName(ref)}${ref.tag !== undefined ? `:${ref.tag}` : ""}${ref.digest !== undefined ? `@${ref.digest}` : ""}`;
}

/** True for "sha256:<64 hex>". */
export function isSha256Digest(s: string): boolean {
  return SHA256_DIGEST.test(s);
}

/** Validates a tag on its own (for `docker tag` / push). */
export function validateTag(tag: string): string {
  if (!TAG.test(tag)) throw invalidArgument("invalid reference format", tag);
  return tag;
}
