import { describe, expect, it } from "vitest";
import { parseAuthChallenge, parseRegistryAuthHeader } from "./registry-auth.js";

describe("parseRegistryAuthHeader", () => {
  it("decodes base64url JSON credentials as the docker CLI sends them", () => {
    const json = JSON.stringify({ username: "u?>", password: "p~~~", serveraddress: "127.0.0.1:5000" });
    const header = Buffer.from(json).toString("base64url");
    expect(parseRegistryAuthHeader(header)).toMatchObject({ username: "u?>", password: "p~~~" });
  });
  it("treats absent and {} as anonymous, and refuses garbage", () => {
    expect(parseRegistryAuthHeader(undefined)).toEqual({});
    expect(parseRegistryAuthHeader(Buffer.from("{}").toString("base64"))).toMatchObject({ username: undefined });
    expect(() => parseRegistryAuthHeader("!!!")).toThrowError(/X-Registry-Auth/);
  });
});

describe("parseAuthChallenge", () => {
  it("reads Bearer params, quoted and with commas inside scope", () => {
    const c = parseAuthChallenge('Bearer realm="https://auth.example/token",service="registry",scope="repository:a/b:pull,push"');
    expect(c).toEqual({ scheme: "bearer", params: { realm: "https://auth.example/token", service: "registry", scope: "repository:a/b:pull,push" } });
    expect(parseAuthChallenge('Basic realm="x"').scheme).toBe("basic");
  });
});
