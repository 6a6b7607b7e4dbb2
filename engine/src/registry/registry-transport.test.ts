import { describe, expect, it } from "vitest";
import { isInsecureRegistry, redact } from "./registry-transport.js";

describe("isInsecureRegistry", () => {
  it("uses HTTP only for loopback and --insecure-registry hosts", () => {
    expect(isInsecureRegistry("127.0.0.1:5000", [])).toBe(true);
    expect(isInsecureRegistry("localhost:5000", [])).toBe(true);
    expect(isInsecureRegistry("[::1]:5000", [])).toBe(true);
    expect(isInsecureRegistry("10.1.2.3:5000", [])).toBe(false);
    expect(isInsecureRegistry("10.1.2.3:5000", ["10.0.0.0/8"])).toBe(true);
    expect(isInsecureRegistry("reg.example:5000", ["reg.example:5000"])).toBe(true);
    expect(isInsecureRegistry("reg.example", ["other.example"])).toBe(false);
    expect(isInsecureRegistry("docker.io", [])).toBe(false);
  });
  it("redacts query strings", () => {
    expect(redact("http://h/v2/x/blobs/uploads/abc?_state=secret")).toBe("http://h/v2/x/blobs/uploads/abc");
  });
});
