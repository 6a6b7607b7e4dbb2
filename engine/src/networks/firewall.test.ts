import { describe, expect, it } from "vitest";
import { renderTable, tableName } from "./firewall.js";

describe("the daemon's nft table", () => {
  it("is named after the default bridge, as an nft identifier", () => {
    expect(tableName("wharf0")).toBe("wharf_wharf0");
    expect(tableName("wharf-1a2b3c4d")).toBe("wharf_wharf_1a2b3c4d");
  });

  it("masquerades non-internal subnets, isolates bridges, drops all traffic of internal ones, DNATs published ports", () => {
    const t = renderTable("wharf_x", {
      bridges: [{ name: "br-a", subnet: "172.18.0.0/16", internal: false }, { name: "br-i", subnet: "172.19.0.0/16", internal: true }],
      ports: [{ proto: "tcp", hostIp: "127.0.0.1", hostPort: 8080, containerIp: "172.18.0.2", containerPort: 80 }, { proto: "udp", hostIp: "0.0.0.0", hostPort: 5353, containerIp: "172.18.0.2", containerPort: 53 }],
    });
    expect(t).toContain("ct status dnat accept");
    expect(t).toContain('iifname "br-a" oifname != "br-a" oifname { "br-a", "br-i" } drop');
    expect(t).toContain('iifname "br-i" oifname != "br-i" drop');
    expect(t).toContain('ip saddr 172.18.0.0/16 oifname != "br-a" masquerade');
    expect(t).not.toContain("ip saddr 172.19.0.0/16 oifname");
    expect(t).toContain('oifname { "br-a", "br-i" } ip saddr 127.0.0.0/8 masquerade');
    expect(t).toContain("ip daddr 127.0.0.1 tcp dport 8080 dnat ip to 172.18.0.2:80");
    expect(t).toContain("\n    udp dport 5353 dnat ip to 172.18.0.2:53");
    expect(t.match(/fib daddr type local jump published/g)).toHaveLength(2);
  });

  it("has only empty base chains without bridges or ports", () => {
    const t = renderTable("wharf_x", { bridges: [], ports: [] });
    expect(t).not.toMatch(/masquerade|dnat|drop|jump/);
  });
});
