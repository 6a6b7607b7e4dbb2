import { describe, expect, it } from "vitest";
import { familiarName, familiarString, formatReference, parseReference } from "./parse-reference.js";

const D = "sha256:" + "a".repeat(64);

describe("parseReference", () => {
  it.each([
    ["busybox", "docker.io/library/busybox:latest"],
    ["busybox:1.36", "docker.io/library/busybox:1.36"],
    ["library/busybox", "docker.io/library/busybox:latest"],
    ["team/app", "docker.io/team/app:latest"],
    ["docker.io/busybox", "docker.io/library/busybox:latest"],
    ["index.docker.io/busybox", "docker.io/library/busybox:latest"],
    ["127.0.0.1:5000/busybox", "127.0.0.1:5000/busybox:latest"],
    ["localhost/a/b/c:v1", "localhost/a/b/c:v1"],
    ["registry.example.com/a_b__c/d-e--f.g:t.1-x", "registry.example.com/a_b__c/d-e--f.g:t.1-x"],
    [`busybox@${D}`, `docker.io/library/busybox@${D}`],
    [`127.0.0.1:5000/x:tag@${D}`, `127.0.0.1:5000/x:tag@${D}`],
    ["[::1]:5000/x", "[::1]:5000/x:latest"],
  ])("normalizes %s to %s", (input, canonical) => {
    expect(formatReference(parseReference(input, { defaultTag: true }))).toBe(canonical);
  });

  it("keeps the tag absent without defaultTag", () => {
    expect(parseReference("busybox")).toEqual({ domain: "docker.io", path: "library/busybox" });
  });

  it.each([
    ["", "invalid reference format"],
    ["Busybox", "invalid reference format: repository name (library/Busybox) must be lowercase"],
    ["busybox:", "invalid reference format"],
    ["busybox:-tag", "invalid reference format"],
    ["busybox:" + "t".repeat(129), "invalid reference format"],
    ["a//b", "invalid reference format"],
    ["a/b/", "invalid reference format"],
    ["-a/b", "invalid reference format"],
    ["a..b/c", "invalid reference format"],
    ["busybox@sha256:abc", "invalid reference format"],
    ["busybox@sha256:" + "z".repeat(64), "invalid reference format"],
    ["busybox@sha256:" + "a".repeat(40), "invalid checksum digest format"],
    ["a".repeat(64), `invalid repository name (${"a".repeat(64)}), cannot specify 64-byte hexadecimal strings`],
    ["example.com/" + "a".repeat(250), "invalid reference format: repository name must not be more than 255 characters"],
    ["host:port/x", "invalid reference format"],
  ])("rejects %j with %j", (input, message) => {
    expect(() => parseReference(input)).toThrowError(message);
  });
});

describe("familiar forms", () => {
  it("drops docker.io and library/ as the docker CLI shows them", () => {
    expect(familiarName(parseReference("busybox"))).toBe("busybox");
    expect(familiarName(parseReference("docker.io/team/app"))).toBe("team/app");
    expect(familiarName(parseReference("127.0.0.1:5000/library/busybox"))).toBe("127.0.0.1:5000/library/busybox");
    expect(familiarString(parseReference("127.0.0.1:5000/busybox:v1"))).toBe("127.0.0.1:5000/busybox:v1");
    expect(familiarString(parseReference(`busybox@${D}`))).toBe(`busybox@${D}`);
  });
});
