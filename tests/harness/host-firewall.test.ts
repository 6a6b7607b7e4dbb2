import { describe, expect, it } from "vitest";
import { isOwnedRule } from "./host-firewall.js";

const own = { bridges: ["whd1a2b3c"], subnets: ["10.231.7.0/24"], dockerChains: false };

describe("isOwnedRule", () => {
  it("claims rules naming our bridge or an address in our subnet", () => {
    expect(isOwnedRule("-A FORWARD -o whd1a2b3c -j DOCKER", own)).toBe(true);
    expect(isOwnedRule("-A POSTROUTING -s 10.231.7.2/32 -d 10.231.7.2/32 -p tcp -m tcp --dport 80 -j MASQUERADE", own)).toBe(true);
    expect(isOwnedRule("-A DOCKER -d 127.0.0.1/32 ! -i br-x -p tcp -m tcp --dport 8080 -j DNAT --to-destination 10.231.7.9:80", own)).toBe(true);
  });

  it("leaves other programs' rules and, while other dockerds run, the shared DOCKER chains", () => {
    expect(isOwnedRule("-A FORWARD -o whd999999 -j DOCKER", own)).toBe(false);
    expect(isOwnedRule("-A POSTROUTING -s 10.231.8.0/24 -j MASQUERADE", own)).toBe(false);
    expect(isOwnedRule("-A PREROUTING -m addrtype --dst-type LOCAL -j DOCKER", own)).toBe(false);
    expect(isOwnedRule(":DOCKER-USER -", own)).toBe(false);
  });

  it("claims the DOCKER chains and jumps once no dockerd is left", () => {
    const last = { ...own, dockerChains: true };
    expect(isOwnedRule("-A PREROUTING -m addrtype --dst-type LOCAL -j DOCKER", last)).toBe(true);
    expect(isOwnedRule(":DOCKER-USER -", last)).toBe(true);
    expect(isOwnedRule("-A INPUT -p tcp --dport 22 -j ACCEPT", last)).toBe(false);
  });
});
