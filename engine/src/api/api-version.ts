// API versions: wharfd advertises 1.50 (what docker CLI 28 asks for) and accepts 1.24–1.50 on /v{X.Y}/ paths and
// on bare paths (which mean the newest). Messages match dockerd's so the CLI shows the same text.
import { invalidArgument } from "../errors.js";

export const API_VERSION = "1.50";
export const MIN_API_VERSION = "1.24";

export function compareApiVersions(a: string, b: string): number {
  const [amaj = 0, amin = 0] = a.split(".").map(Number);
  const [bmaj = 0, bmin = 0] = b.split(".").map(Number);
  return amaj !== bmaj ? amaj - bmaj : amin - bmin;
}

/**
 * Splits `/v1.41/containers/json` into `{ version: "1.41", path: "/containers/json" }`; a bare path gets the
 * current version. Throws InvalidArgument (400) for versions outside [MIN_API_VERSION, API_VERSION].
 */
export function splitApiVersion(pathname: string): { version: string; path: string } {
  const m = /^\/v(\d+\.\d+)(\/.*)?$/.exec(pathname);
  if (!m) return { version: API_VERSION, path: pathname };
  const version = m[1]!;
  if (compareApiVersions(version, MIN_API_VERSION) < 0) {
    throw invalidArgument(
      `client version ${version} is too old. Minimum supported API version is ${MIN_API_VERSION}, please upgrade your client to a newer version`,
    );
  }
  if (compareApiVersions(version, API_VERSION) > 0) {
    throw invalidArgument(`client version ${version} is too new. Maximum supported API version is ${API_VERSION}`);
  }
  return { version, path: m[2] ?? "/" };
}
