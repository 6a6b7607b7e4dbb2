import { describe, expect, it } from "vitest";
import { containerNodeId, hostNodeId, layoutTopology, networkNodeId, NODE_WIDTH, searchTopology } from "./layout-topology";
import type { TopologyContainer, TopologyEnvironment } from "./topology-model";

function container(id: string, networks: string[], extra: Partial<TopologyContainer> = {}): TopologyContainer {
  return { id, name: id, image: "busybox", state: "running", composeProject: null, ports: [], networks: networks.map((n, i) => ({ networkId: n, ipv4: `10.0.${i}.${id.length}` })), ...extra };
}

const env: TopologyEnvironment = {
  id: "e1",
  name: "prod",
  error: null,
  networks: [
    { id: "nb", name: "bridge", driver: "bridge", internal: false, subnet: "172.17.0.0/16" },
    { id: "n2", name: "backend", driver: "bridge", internal: true, subnet: "10.2.0.0/24" },
    { id: "n1", name: "frontend", driver: "bridge", internal: false, subnet: "10.1.0.0/24" },
  ],
  containers: [
    container("web", ["n1", "n2"], { ports: [{ privatePort: 80, publicPort: 8080, ip: "0.0.0.0", type: "tcp" }] }),
    container("db", ["n2"], { state: "exited" }),
    container("loner", []),
  ],
};

describe("layoutTopology", () => {
  it("draws each container once, inside its first network (user-defined first, by name)", () => {
    const graph = layoutTopology([env]);
    const web = graph.nodes.find((n) => n.id === containerNodeId("e1", "web"))!;
    expect(web.parentId).toBe(networkNodeId("e1", "n2")); // backend < frontend
    expect(graph.nodes.filter((n) => n.kind === "container")).toHaveLength(3);
    const loner = graph.nodes.find((n) => n.id === containerNodeId("e1", "loner"))!;
    expect(graph.nodes.find((n) => n.id === loner.parentId)!.label).toBe("(no network)");
  });

  it("links a container to every network it is on, with its address, and its published ports to the host", () => {
    const graph = layoutTopology([env]);
    const webEdges = graph.edges.filter((e) => e.target === containerNodeId("e1", "web") || e.source === containerNodeId("e1", "web"));
    expect(webEdges.map((e) => e.description).sort()).toEqual(["web on backend", "web on frontend", "web publishes 8080→80/tcp"]);
    const port = webEdges.find((e) => e.kind === "port")!;
    expect(port.target).toBe(hostNodeId("e1"));
    expect(port.label).toBe("8080→80/tcp");
    expect(webEdges.find((e) => e.description === "web on frontend")!.label).toBe("10.0.0.3");
  });

  it("keeps the state and orders a group by compose project, then name", () => {
    const crowd: TopologyEnvironment = {
      ...env,
      containers: [container("b", ["n1"], { composeProject: "shop" }), container("a", ["n1"], { composeProject: "shop" }), container("z", ["n1"], { composeProject: "blog" })],
    };
    const nodes = layoutTopology([crowd]).nodes.filter((n) => n.kind === "container");
    const order = [...nodes].sort((p, q) => p.y - q.y || p.x - q.x).map((n) => n.label);
    expect(order).toEqual(["z", "a", "b"]);
    expect(layoutTopology([env]).nodes.find((n) => n.label === "db")!.state).toBe("exited");
  });

  it("is deterministic whatever order the engine listed things in", () => {
    const shuffled = { ...env, networks: [...env.networks].reverse(), containers: [...env.containers].reverse() };
    expect(layoutTopology([shuffled])).toEqual(layoutTopology([env]));
  });

  it("keeps 250 containers on 5 networks in non-overlapping grids, wrapped into rows", () => {
    const networks = Array.from({ length: 5 }, (_, i) => ({ id: `n${i}`, name: `net-${i}`, driver: "bridge", internal: false, subnet: "" }));
    const containers = Array.from({ length: 250 }, (_, i) => container(`c${String(i).padStart(3, "0")}`, [`n${i % 5}`]));
    const graph = layoutTopology([{ id: "big", name: "big", error: null, networks, containers }]);
    const groups = graph.nodes.filter((n) => n.kind === "network");
    expect(groups).toHaveLength(5);
    for (const g of groups) {
      const kids = graph.nodes.filter((n) => n.parentId === g.id);
      expect(kids).toHaveLength(50);
      for (const k of kids) {
        expect(k.x + k.width).toBeLessThanOrEqual(g.width);
        expect(k.y + k.height).toBeLessThanOrEqual(g.height);
      }
      const cells = new Set(kids.map((k) => `${k.x},${k.y}`));
      expect(cells.size).toBe(50);
    }
    for (const [i, a] of groups.entries()) {
      for (const b of groups.slice(i + 1)) {
        const apart = a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y || b.y + b.height <= a.y;
        expect(apart).toBe(true);
      }
    }
    expect(Math.max(...groups.map((g) => g.x + g.width))).toBeLessThanOrEqual(2400 + NODE_WIDTH);
  });

  it("stacks environments and shows one that could not be read with its reason", () => {
    const down: TopologyEnvironment = { id: "e0", name: "edge", error: "connect ECONNREFUSED", networks: [], containers: [] };
    const graph = layoutTopology([env, down]);
    const envNodes = graph.nodes.filter((n) => n.kind === "environment");
    expect(envNodes.map((n) => n.label)).toEqual(["edge", "prod"]);
    expect(envNodes[0]!.error).toBe("connect ECONNREFUSED");
    expect(envNodes[1]!.y).toBeGreaterThan(envNodes[0]!.y);
  });
});

describe("searchTopology", () => {
  it("matches names, images and compose projects case-insensitively", () => {
    const graph = layoutTopology([{ ...env, containers: [...env.containers, container("api", ["n1"], { image: "Registry/API:1", composeProject: "Shop" })] }]);
    expect([...searchTopology(graph, "shop")]).toEqual([containerNodeId("e1", "api")]);
    expect(searchTopology(graph, "registry/api").size).toBe(1);
    expect(searchTopology(graph, "front").has(networkNodeId("e1", "n1"))).toBe(true);
    expect(searchTopology(graph, "  ").size).toBe(0);
  });
});
