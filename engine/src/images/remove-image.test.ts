// rmi semantics and the container hook, over real stores in a temp dir (no root, no registry needed).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ImageStore } from "./image-store.js";
import { removeImage, tagImage } from "./remove-image.js";
import { storeBuiltImage } from "./store-built-image.js";

let dir: string;
let images: ImageStore;
let id: string;
const D = "sha256:" + "d".repeat(64);

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "wharf-rmi-"));
  images = new ImageStore(dir);
  const config = Buffer.from(JSON.stringify({ architecture: "amd64", os: "linux", rootfs: { type: "layers", diff_ids: [] } }));
  id = storeBuiltImage(images, config, [], ["docker.io/library/app:v1", `docker.io/library/app@${D}`]).id;
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("removeImage", () => {
  it("finds images by short ID, full ID, tag and name@digest", () => {
    expect(images.find(id.slice(7, 19))?.id).toBe(id);
    expect(images.find(id)?.id).toBe(id);
    expect(images.find("app:v1")?.id).toBe(id);
    expect(images.find(`app@${D}`)?.id).toBe(id);
    expect(images.find("app")).toBeUndefined();
  });

  it("untags the last tag of a repository with its digest references, then deletes", () => {
    tagImage(images, "app:v1", "app", "v2");
    expect(removeImage(images, "app:v1", { force: false })).toEqual([{ kind: "untagged", reference: "app:v1" }]);
    expect(removeImage(images, "app:v2", { force: false })).toEqual([
      { kind: "untagged", reference: "app:v2" },
      { kind: "untagged", reference: `app@${D}` },
      { kind: "deleted", id },
    ]);
    expect(images.metadata.images()).toEqual([]);
  });

  it("refuses an ID tagged in several repositories unless forced", () => {
    tagImage(images, "app:v1", "other", "x");
    expect(() => removeImage(images, id.slice(7, 19), { force: false })).toThrowError(/image is referenced in multiple repositories/);
    expect(removeImage(images, id.slice(7, 19), { force: true }).at(-1)).toEqual({ kind: "deleted", id });
  });

  it("asks the container hook and answers 409 Conflict for an image in use", () => {
    images.imageUsers = (imageId) => (imageId === id ? ["c".repeat(64)] : []);
    expect(() => removeImage(images, id, { force: false })).toThrowError(/image is being used by stopped container cccccccccccc/);
    const err = (() => {
      try {
        removeImage(images, "app:v1", { force: false });
      } catch (e) {
        return e;
      }
    })();
    expect(err).toMatchObject({ kind: "Conflict", message: expect.stringContaining('unable to remove repository reference "app:v1"') });
    expect(images.metadata.image(id)).toBeDefined();
  });
});
