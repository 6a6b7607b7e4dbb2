import { describe, expect, it } from "vitest";
import type Docker from "dockerode";
import { networkAttachments, toNetworkSummary } from "./network-model";
import { buildNetworkCreateBody, networkFormSchema } from "./manage-networks";

const form = (over: Record<string, unknown>) => networkFormSchema.parse({ environmentId: "e", name: "front", ...over });

describe("network translation", () => {
  it("shows connected containers (running or not) with their addresses", () => {
    const containers = [
      { Id: "c1", Names: ["/web"], State: "running", NetworkSettings: { Networks: { front: { NetworkID: "n1", IPAddress: "10.1.0.2", IPPrefixLen: 24, MacAddress: "02:42:0a:01:00:02", GlobalIPv6Address: "" } } } },
      { Id: "c0", Names: ["/api"], State: "exited", NetworkSettings: { Networks: { front: { NetworkID: "n1", IPAddress: "" } } } },
      { Id: "c2", Names: ["/new"], State: "created", NetworkSettings: { Networks: { front: { NetworkID: "", IPAddress: "" } } } },
    ] as unknown as Docker.ContainerInfo[];
    const wire = { Id: "n1", Name: "front", Driver: "bridge", Scope: "local", Internal: false, Attachable: true, IPAM: { Config: [{ Subnet: "10.1.0.0/24", Gateway: "10.1.0.1" }] }, Labels: {}, Created: "2026-01-01T00:00:00Z" } as unknown as Docker.NetworkInspectInfo;
    const n = toNetworkSummary(wire, networkAttachments(containers));
    expect(n.subnets).toEqual([{ subnet: "10.1.0.0/24", gateway: "10.1.0.1" }]);
    expect(n.builtIn).toBe(false);
    expect(n.containers.map((c) => [c.containerName, c.state, c.ipv4])).toEqual([
      ["api", "exited", ""],
      ["new", "created", ""],
      ["web", "running", "10.1.0.2/24"],
    ]);
    expect(toNetworkSummary({ ...wire, Id: "b", Name: "bridge" }, new Map()).builtIn).toBe(true);
  });
});

describe("buildNetworkCreateBody", () => {
  it("builds the create body with IPAM, internal and labels", () => {
    const { body, fieldErrors } = buildNetworkCreateBody(form({ subnet: "10.50.0.0/24", gateway: "10.50.0.1", internal: true, labels: "team=web" }));
    expect(fieldErrors).toEqual({});
    expect(body).toEqual({
      Name: "front",
      Driver: "bridge",
      CheckDuplicate: true,
      Internal: true,
      Attachable: false,
      Labels: { team: "web" },
      IPAM: { Driver: "default", Config: [{ Subnet: "10.50.0.0/24", Gateway: "10.50.0.1" }] },
    });
  });

  it("explains bad subnets, gateways outside the subnet and missing names", () => {
    expect(buildNetworkCreateBody(form({ name: "", subnet: "10.0.0.0/40" })).fieldErrors).toEqual({
      name: ["Name is required"],
      subnet: ['"10.0.0.0/40" is not an IPv4 CIDR like 10.10.0.0/24'],
    });
    expect(buildNetworkCreateBody(form({ subnet: "10.50.0.0/24", gateway: "10.51.0.1" })).fieldErrors.gateway).toEqual(["10.51.0.1 is not inside 10.50.0.0/24"]);
    expect(buildNetworkCreateBody(form({ gateway: "10.51.0.1" })).fieldErrors.gateway).toEqual(["A gateway needs a subnet"]);
    expect(buildNetworkCreateBody(form({})).body).not.toHaveProperty("IPAM");
  });
});
