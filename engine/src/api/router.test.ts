import { describe, expect, it } from "vitest";
import { Router, type HttpRoute } from "./router.js";

const route = (method: HttpRoute["method"], pattern: string): HttpRoute => ({ method, pattern, handle: () => {} });

describe("Router", () => {
  const router = new Router().add(
    route("GET", "/containers/{id}/json"),
    route("GET", "/images/{name*}/json"),
    route("DELETE", "/images/{name*}"),
    route("GET", "/_ping"),
  );
  it("extracts named params", () => {
    const m = router.match("GET", "/containers/abc/json");
    expect(m !== "method-not-allowed" && m?.params).toEqual({ id: "abc" });
  });
  it("lets {name*} span slashes, as image references do", () => {
    const m = router.match("GET", "/images/127.0.0.1:5000/library/busybox:latest/json");
    expect(m !== "method-not-allowed" && m?.params).toEqual({ name: "127.0.0.1:5000/library/busybox:latest" });
  });
  it("decodes percent-encoded params", () => {
    const m = router.match("DELETE", "/images/sha256%3Aabc");
    expect(m !== "method-not-allowed" && m?.params).toEqual({ name: "sha256:abc" });
  });
  it("serves HEAD from GET routes and tells a wrong method apart from a missing path", () => {
    expect(router.match("HEAD", "/_ping")).toBeTruthy();
    expect(router.match("POST", "/_ping")).toBe("method-not-allowed");
    expect(router.match("GET", "/nothing")).toBeUndefined();
  });
});
