import { describe, expect, it } from "vitest";
import { parsePlatform, selectPlatform } from "./select-platform.js";
import type { ImageIndex } from "./media-types.js";

const index: ImageIndex = {
  schemaVersion: 2,
  manifests: [
    { mediaType: "m", digest: "sha256:arm", size: 1, platform: { os: "linux", architecture: "arm64", variant: "v8" } },
    { mediaType: "m", digest: "sha256:amd", size: 1, platform: { os: "linux", architecture: "amd64" } },
    { mediaType: "m", digest: "sha256:armv7", size: 1, platform: { os: "linux", architecture: "arm", variant: "v7" } },
  ],
};

describe("selectPlatform", () => {
  it("picks linux/amd64 and arm variants", () => {
    expect(selectPlatform(index, parsePlatform("linux/amd64"), "x").digest).toBe("sha256:amd");
    expect(selectPlatform(index, parsePlatform("linux/arm64"), "x").digest).toBe("sha256:arm");
    expect(selectPlatform(index, parsePlatform("linux/arm/v7"), "x").digest).toBe("sha256:armv7");
  });
  it("says which platform is missing", () => {
    expect(() => selectPlatform(index, parsePlatform("linux/s390x"), "x")).toThrowError("no matching manifest for linux/s390x in the manifest list entries");
    expect(() => parsePlatform("linux")).toThrowError(/unknown operating system or architecture/);
  });
});
