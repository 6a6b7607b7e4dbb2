import { describe, expect, it } from "vitest";
import { initialState, type ContainerRecord } from "./container-record.js";
import { listContainers } from "./list-containers.js";

function rec(id: string, name: string, status: ContainerRecord["state"]["status"], labels: Record<string, string>, created: string, exitCode = 0): ContainerRecord {
  return {
    id: id.repeat(64 / id.length), name, created, imageName: "busybox", imageId: `sha256:${"c".repeat(64)}`, lowerDirs: [],
    config: { Labels: labels }, hostConfig: { NetworkMode: "none" }, path: "sh", args: ["-c", "x"],
    state: { ...initialState(), status, exitCode, startedAt: created, finishedAt: created }, restartCount: 0, generation: 0,
  };
}

const all = [
  rec("a", "/web", "running", { app: "x" }, "2026-11-23T12:00:00Z"),
  rec("b", "/job", "exited", { app: "y" }, "2026-11-23T12:00:01Z", 3),
  rec("c", "/new", "created", {}, "2026-11-23T12:00:02Z"),
];
const names = (q: string) => listContainers(all, new URLSearchParams(q)).map((c) => (c.Names as string[])[0]);

describe("GET /containers/json", () => {
  it("lists running ones by default, all newest first with all=1, and honours limit", () => {
    expect(names("")).toEqual(["/web"]);
    expect(names("all=1")).toEqual(["/new", "/job", "/web"]);
    expect(names("all=1&limit=1")).toEqual(["/new"]);
  });

  it("filters by status, label, name, id, ancestor and exited, in both filter encodings", () => {
    const f = (o: unknown) => `all=1&filters=${encodeURIComponent(JSON.stringify(o))}`;
    expect(names(f({ status: { exited: true } }))).toEqual(["/job"]);
    expect(names(f({ label: ["app=x"] }))).toEqual(["/web"]);
    expect(names(f({ label: { app: true } }))).toEqual(["/job", "/web"]);
    expect(names(f({ name: { "^/j": true } }))).toEqual(["/job"]);
    expect(names(f({ id: { cc: true } }))).toEqual(["/new"]);
    expect(names(f({ ancestor: { busybox: true } }))).toEqual(["/new", "/job", "/web"]);
    expect(names(f({ exited: { "3": true } }))).toEqual(["/job"]);
    expect(() => names(f({ bogus: { x: true } }))).toThrow("invalid filter 'bogus'");
    expect(() => names(f({ status: { sleeping: true } }))).toThrow("invalid filter 'status=sleeping'");
  });

  it("shows Docker's command and status text", () => {
    const [web] = listContainers(all, new URLSearchParams(""));
    expect(web).toMatchObject({ Command: "sh -c x", State: "running", Image: "busybox", Ports: [] });
    expect(web!.Status).toMatch(/^Up /);
  });
});
