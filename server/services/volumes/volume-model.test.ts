import { describe, expect, it } from "vitest";
import type Docker from "dockerode";
import { parseKeyValueLines, toVolumeSummary, volumeUsers } from "./volume-model";

describe("volume translation", () => {
  it("lists the containers that mount each volume, by name", () => {
    const containers = [
      { Id: "c1", Names: ["/web"], State: "running", Mounts: [{ Type: "volume", Name: "data" }, { Type: "bind", Source: "/srv" }] },
      { Id: "c2", Names: ["/job"], State: "exited", Mounts: [{ Type: "volume", Name: "data" }] },
    ] as unknown as Docker.ContainerInfo[];
    const users = volumeUsers(containers);
    const v = toVolumeSummary({ Name: "data", Driver: "local", Mountpoint: "/var/lib/docker/volumes/data/_data", Labels: { a: "b" }, Scope: "local", CreatedAt: "2026-01-01T00:00:00Z", Options: null } as never, users);
    expect(v).toEqual({
      name: "data",
      driver: "local",
      mountpoint: "/var/lib/docker/volumes/data/_data",
      scope: "local",
      createdAt: "2026-01-01T00:00:00Z",
      labels: { a: "b" },
      options: {},
      usedBy: [
        { id: "c2", name: "job", state: "exited" },
        { id: "c1", name: "web", state: "running" },
      ],
    });
    expect(toVolumeSummary({ Name: "free", Driver: "local", Mountpoint: "", Labels: null } as never, users).usedBy).toEqual([]);
  });

  it("parses key=value lines and names the bad ones", () => {
    expect(parseKeyValueLines("type=tmpfs\n\n o = size=10m \n", "Options")).toEqual({ values: { type: "tmpfs", o: "size=10m" }, errors: [] });
    expect(parseKeyValueLines("novalue\n=x", "Labels").errors).toEqual(['Labels: "novalue" is not key=value', 'Labels: "=x" is not key=value']);
  });
});
