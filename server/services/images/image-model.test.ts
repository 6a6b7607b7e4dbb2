import { describe, expect, it } from "vitest";
import type Docker from "dockerode";
import { selectPrunable, shortImageId, toImageDetails, toImageSummary } from "./image-model";
import { applyPullMessage, emptyPullProgress } from "./pull-progress";
import { normalisePullReference } from "./pull-jobs";

const wire = (id: string, tags: string[] | null, created = 1767225600) =>
  ({ Id: id, RepoTags: tags, RepoDigests: ["<none>@<none>"], Size: 1234, Created: created, Containers: -1 }) as unknown as Docker.ImageInfo;

describe("toImageSummary", () => {
  it("drops <none> placeholders, marks in-use and dangling images", () => {
    const used = new Set(["sha256:aaa"]);
    const a = toImageSummary(wire("sha256:aaa", ["busybox:latest", "<none>:<none>"]), used);
    expect(a).toMatchObject({ shortId: "aaa", tags: ["busybox:latest"], digests: [], inUse: true, dangling: false, containers: 0, createdAt: "2026-01-01T00:00:00.000Z" });
    const b = toImageSummary(wire("sha256:bbb", ["<none>:<none>"]), used);
    expect(b).toMatchObject({ tags: [], inUse: false, dangling: true });
    expect(shortImageId("sha256:0123456789abcdef")).toBe("0123456789ab");
  });

  it("prune previews dangling-only or every unused image, never one in use", () => {
    const used = new Set(["sha256:used"]);
    const images = [wire("sha256:used", null), wire("sha256:dangling", null), wire("sha256:tagged", ["x:1"])].map((w) => toImageSummary(w, used));
    expect(selectPrunable(images, "dangling").map((i) => i.id)).toEqual(["sha256:dangling"]);
    expect(selectPrunable(images, "unused").map((i) => i.id)).toEqual(["sha256:dangling", "sha256:tagged"]);
  });
});

describe("toImageDetails", () => {
  it("shows config, layers and the history in build order", () => {
    const inspect = {
      Id: "sha256:img",
      RepoTags: ["httpd:latest"],
      RepoDigests: [],
      Size: 99,
      Created: "2026-01-01T00:00:00Z",
      Architecture: "amd64",
      Os: "linux",
      Config: { Entrypoint: null, Cmd: ["httpd", "-f"], Env: ["PATH=/bin"], ExposedPorts: { "80/tcp": {} }, Labels: null, WorkingDir: "", User: "" },
      RootFS: { Type: "layers", Layers: ["sha256:l1", "sha256:l2"] },
    } as unknown as Docker.ImageInspectInfo;
    const history = [
      { Id: "sha256:img", Created: 1767225600, CreatedBy: "COPY index.html", Tags: null, Size: 20, Comment: "" },
      { Id: "<missing>", Created: 1767225600, CreatedBy: "ADD rootfs", Tags: null, Size: 79, Comment: "" },
    ];
    const d = toImageDetails(inspect, history);
    expect(d).toMatchObject({ entrypoint: [], command: ["httpd", "-f"], exposedPorts: ["80/tcp"], labels: {}, layers: ["sha256:l1", "sha256:l2"] });
    expect(d.history.map((h) => [h.createdBy, h.sizeBytes, h.diffId])).toEqual([
      ["ADD rootfs", 79, ""],
      ["COPY index.html", 20, "sha256:img"],
    ]);
  });
});

describe("pull progress", () => {
  it("folds the engine's JSON messages into per-layer state in first-seen order", () => {
    const messages = [
      { status: "Pulling from library/busybox", id: "latest" },
      { status: "Pulling fs layer", id: "l1" },
      { status: "Already exists", id: "l0" },
      { status: "Downloading", id: "l1", progressDetail: { current: 50, total: 100 } },
      { status: "Download complete", id: "l1" },
      { status: "Extracting", id: "l1", progressDetail: { current: 100, total: 100 } },
      { status: "Pull complete", id: "l1" },
      { status: "Digest: sha256:abc" },
      { status: "Status: Downloaded newer image for busybox:latest" },
    ];
    const state = messages.reduce(applyPullMessage, emptyPullProgress());
    expect(state.layers.map((l) => [l.id, l.phase, l.current, l.total])).toEqual([
      ["l1", "complete", 100, 100],
      ["l0", "exists", 0, 0],
    ]);
    expect(state.messages).toEqual(["latest: Pulling from library/busybox", "Digest: sha256:abc", "Status: Downloaded newer image for busybox:latest"]);
    expect(state.error).toBeNull();
  });

  it("ends with the engine's error", () => {
    const state = applyPullMessage(emptyPullProgress(), { error: "manifest unknown", errorDetail: { message: "manifest for x:1 not found: manifest unknown" } });
    expect(state).toMatchObject({ done: true, error: "manifest for x:1 not found: manifest unknown" });
  });

  it("adds :latest to a bare name and refuses a bad reference", () => {
    expect(normalisePullReference("busybox")).toBe("busybox:latest");
    expect(normalisePullReference("127.0.0.1:5000/busybox")).toBe("127.0.0.1:5000/busybox:latest");
    expect(normalisePullReference("127.0.0.1:5000/busybox:1")).toBe("127.0.0.1:5000/busybox:1");
    expect(() => normalisePullReference("Not Valid")).toThrow(/not a valid image reference/);
  });
});
