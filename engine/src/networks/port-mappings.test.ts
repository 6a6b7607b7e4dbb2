import { describe, expect, it } from "vitest";
import { portRequests } from "./port-mappings.js";

describe("port publishing requests", () => {
  it("expands PortBindings (host address, fixed, random, ranges) and PublishAllPorts", () => {
    expect(portRequests({ PortBindings: { "80/tcp": [{ HostIp: "127.0.0.1", HostPort: "8080" }, { HostPort: "" }], "53/udp": [{ HostPort: "5000-5010" }] } }, undefined)).toEqual([
      { proto: "tcp", containerPort: 80, hostIp: "127.0.0.1", hostPortLo: 8080, hostPortHi: 8080 },
      { proto: "tcp", containerPort: 80, hostIp: "", hostPortLo: 0, hostPortHi: 0 },
      { proto: "udp", containerPort: 53, hostIp: "", hostPortLo: 5000, hostPortHi: 5010 },
    ]);
    expect(portRequests({ PublishAllPorts: true, PortBindings: { "80/tcp": [{ HostPort: "1" }] } }, { "80/tcp": {}, "443/tcp": {} }).map((r) => [r.containerPort, r.hostPortLo])).toEqual([[80, 1], [443, 0]]);
  });

  it("refuses malformed specs with a 400 and skips IPv6 host addresses", () => {
    expect(() => portRequests({ PortBindings: { "http/tcp": [] } }, undefined)).toThrow('invalid port specification: "http/tcp"');
    expect(() => portRequests({ PortBindings: { "80/tcp": [{ HostPort: "99999" }] } }, undefined)).toThrow("invalid port specification");
    expect(() => portRequests({ PortBindings: { "80/tcp": [{ HostIp: "nope", HostPort: "1" }] } }, undefined)).toThrow("invalid IP address: nope");
    expect(portRequests({ PortBindings: { "80/tcp": [{ HostIp: "::", HostPort: "1" }] } }, undefined)).toEqual([]);
  });
});
