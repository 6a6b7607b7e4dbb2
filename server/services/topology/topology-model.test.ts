import { describe, expect, it } from "vitest";
import type Docker from "dockerode";
import { toTopologyEnvironment } from "./topology-model";
import { toEngineEvent } from "./engine-event";
import { countByState } from "./count-environment";

describe("toTopologyEnvironment", () => {
  it("translates networks and containers, one port edge per host port whatever the address family", () => {
    const networks = [{ Id: "n1", Name: "front", Driver: "bridge", Internal: true, IPAM: { Config: [{ Subnet: "10.9.0.0/24" }] } }] as unknown as Docker.NetworkInspectInfo[];
    const containers = [
      {
        Id: "c1",
        Names: ["/web"],
        Image: "httpd",
        State: "running",
        Labels: { "com.docker.compose.project": "shop" },
        Ports: [
          { IP: "0.0.0.0", PrivatePort: 80, PublicPort: 8080, Type: "tcp" },
          { IP: "::", PrivatePort: 80, PublicPort: 8080, Type: "tcp" },
          { PrivatePort: 443, Type: "tcp" },
        ],
        NetworkSettings: { Networks: { front: { NetworkID: "n1", IPAddress: "10.9.0.2" } } },
      },
      { Id: "c2", Names: ["/odd"], Image: "x", State: "weird", Labels: null, Ports: [], NetworkSettings: { Networks: { front: { NetworkID: "", IPAddress: "" }, gone: { NetworkID: "" } } } },
    ] as unknown as Docker.ContainerInfo[];
    const env = toTopologyEnvironment({ id: "e", name: "E" }, networks, containers);
    expect(env.networks).toEqual([{ id: "n1", name: "front", driver: "bridge", internal: true, subnet: "10.9.0.0/24" }]);
    expect(env.containers[0]).toEqual({
      id: "c1",
      name: "web",
      image: "httpd",
      state: "running",
      composeProject: "shop",
      ports: [{ privatePort: 80, publicPort: 8080, ip: "0.0.0.0", type: "tcp" }],
      networks: [{ networkId: "n1", ipv4: "10.9.0.2" }],
    });
    expect(env.containers[1]!.state).toBe("dead");
    // Created, never started: networks known by name only; an unknown name is dropped.
    expect(env.containers[1]!.networks).toEqual([{ networkId: "n1", ipv4: "" }]);
    expect(env.error).toBeNull();
  });
});

describe("toEngineEvent", () => {
  it("keeps container, network, volume and image events with the verb only", () => {
    expect(toEngineEvent({ Type: "container", Action: "exec_start: sh -c ls", Actor: { ID: "abc", Attributes: { name: "web" } }, time: 5 })).toEqual({
      objectType: "container",
      action: "exec_start",
      id: "abc",
      name: "web",
      time: 5,
    });
    expect(toEngineEvent({ Type: "network", Action: "disconnect", Actor: { ID: "n1", Attributes: { name: "front", container: "abc" } } })!.action).toBe("disconnect");
    expect(toEngineEvent({ Type: "daemon", Action: "reload" })).toBeNull();
  });
});

describe("countByState", () => {
  it("counts every known state, zero where none", () => {
    expect(countByState(["running", "running", "exited", "bogus"])).toEqual({ created: 0, running: 2, paused: 0, restarting: 0, removing: 0, exited: 1, dead: 0 });
  });
});
