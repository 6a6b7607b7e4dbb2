import { describe, expect, it } from "vitest";
import { AddressAllocator, normalizePool, pickSubnet } from "./ipam.js";
import { parseCidr } from "./ipv4.js";
import type { NetworkRecord } from "./network-record.js";

const net = (subnet: string, extra: Partial<NetworkRecord["ipam"]["config"][0]> = {}): NetworkRecord => ({
  id: "a".repeat(64), name: "n", driver: "bridge", created: "", internal: false, attachable: false,
  ipam: { driver: "default", options: {}, config: [{ subnet, gateway: subnet.replace(/0\/\d+$/, "1"), ...extra }] },
  userSubnet: true, options: {}, labels: {}, predefined: false,
});

describe("IPAM", () => {
  it("picks the first default pool that overlaps no host route and no other network", () => {
    expect(pickSubnet([])).toEqual({ base: parseCidr("172.17.0.0/16")!.base, bits: 16 });
    const used = [parseCidr("172.17.0.0/16")!, parseCidr("172.18.5.0/24")!];
    expect(pickSubnet(used)).toEqual({ base: parseCidr("172.19.0.0/16")!.base, bits: 16 });
  });

  it("validates subnets, gateways and ranges with dockerd's messages", () => {
    expect(() => normalizePool({ Subnet: "10.1.0.0/33" }, { base: 0, bits: 0 })).toThrow("Invalid subnet 10.1.0.0/33 : invalid CIDR address: 10.1.0.0/33");
    expect(() => normalizePool({ Subnet: "10.1.0.0/24", Gateway: "10.2.0.1" }, { base: 0, bits: 0 })).toThrow("no matching subnet for gateway 10.2.0.1");
    expect(normalizePool({ Subnet: "10.1.0.0/24", Gateway: "10.1.0.254", IPRange: "10.1.0.128/25" }, { base: 0, bits: 0 })).toEqual({ subnet: "10.1.0.0/24", gateway: "10.1.0.254", ipRange: "10.1.0.128/25" });
  });

  it("hands out addresses in order, skips the gateway and aux addresses, honours --ip-range, refuses a taken static address", () => {
    const a = new AddressAllocator();
    const n = net("10.9.0.0/24", { auxAddresses: { h: "10.9.0.2" } });
    expect(a.allocate(n).ip).toBe("10.9.0.3");
    expect(a.allocate(n, "10.9.0.50")).toEqual({ ip: "10.9.0.50", prefixLen: 24, gateway: "10.9.0.1" });
    expect(() => a.allocate(n, "10.9.0.50")).toThrow("Address already in use");
    expect(() => a.allocate(n, "10.8.0.5")).toThrow(/no configured subnet/);
    const r = net("10.7.0.0/24", { ipRange: "10.7.0.128/30" });
    expect([a.allocate(r).ip, a.allocate(r).ip, a.allocate(r).ip, a.allocate(r).ip]).toEqual(["10.7.0.128", "10.7.0.129", "10.7.0.130", "10.7.0.131"]);
    expect(() => a.allocate(r)).toThrow(/no available IPv4 addresses/);
    a.release(r, "10.7.0.129");
    expect(a.allocate(r).ip).toBe("10.7.0.129");
  });
});
