import { describe, expect, it } from "vitest";
import { buildCreateBody, containerFormSchema, isValidImageReference, splitCommand } from "./container-form";

const form = (over: object) => containerFormSchema.parse({ environmentId: "e", image: "busybox", ...over });

describe("image references", () => {
  it.each(["busybox", "busybox:1.36", "127.0.0.1:5000/team/app:v1", "ghcr.io/o/r@sha256:" + "a".repeat(64), "a__b/c-d.e"])("accepts %s", (ref) => {
    expect(isValidImageReference(ref)).toBe(true);
  });
  it.each(["Bad Image!", "UPPER/case", "busybox:", "-lead", "a//b", "x:tag with space"])("refuses %s", (ref) => {
    expect(isValidImageReference(ref)).toBe(false);
  });
});

describe("splitCommand", () => {
  it("groups quotes and escapes like a shell", () => {
    expect(splitCommand(`sh -c 'echo "hi there"; exit 3'`)).toEqual(["sh", "-c", 'echo "hi there"; exit 3']);
    expect(splitCommand(`echo a\\ b "c\\"d" ''`)).toEqual(["echo", "a b", 'c"d', ""]);
    expect(() => splitCommand(`echo 'open`)).toThrow("unterminated quote");
  });
});

describe("buildCreateBody", () => {
  it("translates every field to Docker's create body", () => {
    const { body, fieldErrors } = buildCreateBody(
      form({
        command: "sleep 5",
        env: "A=1\nB=x=y\n",
        ports: "8080:80\n127.0.0.1:5353:53/udp\n:9000",
        volumes: "data:/data\n/host:/ro:ro",
        network: "backend",
        restartPolicy: "on-failure",
        memoryMb: 64,
        cpus: 0.5,
        user: "1000:1000",
      }),
    );
    expect(fieldErrors).toEqual({});
    expect(body).toEqual({
      Image: "busybox",
      Cmd: ["sleep", "5"],
      Env: ["A=1", "B=x=y"],
      User: "1000:1000",
      ExposedPorts: { "80/tcp": {}, "53/udp": {}, "9000/tcp": {} },
      HostConfig: {
        PortBindings: {
          "80/tcp": [{ HostIp: "", HostPort: "8080" }],
          "53/udp": [{ HostIp: "127.0.0.1", HostPort: "5353" }],
          "9000/tcp": [{ HostIp: "", HostPort: "" }],
        },
        Binds: ["data:/data", "/host:/ro:ro"],
        RestartPolicy: { Name: "on-failure" },
        Memory: 64 * 1024 * 1024,
        NanoCpus: 500_000_000,
        NetworkMode: "backend",
      },
    });
  });

  it("names every bad field at once and builds nothing", () => {
    const { body, fieldErrors } = buildCreateBody(form({ image: "Bad Image!", name: "-x", env: "NOEQUALS", ports: "70000:80", volumes: "relative" }));
    expect(body).toBeNull();
    expect(Object.keys(fieldErrors).sort()).toEqual(["env", "image", "name", "ports", "volumes"]);
    expect(fieldErrors.image![0]).toBe('"Bad Image!" is not a valid image reference (lowercase name, optional registry, :tag or @sha256:digest)');
  });
});
