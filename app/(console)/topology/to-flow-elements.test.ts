import { describe, expect, it } from "vitest";
import { layoutTopology } from "@/server/services/topology/layout-topology";
import type { TopologyEnvironment } from "@/server/services/topology/topology-model";
import { DENSE_CONTAINER_COUNT, toFlowElements } from "./to-flow-elements";

function environment(count: number): TopologyEnvironment {
  return {
    id: "e",
    name: "e",
    error: null,
    networks: [{ id: "n", name: "net", driver: "bridge", internal: false, subnet: "" }],
    containers: Array.from({ length: count }, (_, i) => ({ id: `c${i}`, name: `c${i}`, image: i === 0 ? "special" : "busybox", state: "running" as const, composeProject: null, ports: [], networks: [{ networkId: "n", ipv4: "" }] })),
  };
}

describe("toFlowElements", () => {
  it("nests containers in their network group and labels nodes and edges for people", () => {
    const { nodes, edges } = toFlowElements(layoutTopology([environment(2)]), new Set());
    const c0 = nodes.find((n) => n.id === "ctr:e:c0")!;
    expect(c0).toMatchObject({ type: "container", parentId: "net:e:n", extent: "parent", ariaLabel: "container c0 running" });
    expect(edges.map((e) => e.ariaLabel).sort()).toEqual(["c0 on net", "c1 on net", "net in e"]);
  });

  it("dims what the search does not match", () => {
    const graph = layoutTopology([environment(3)]);
    const { nodes } = toFlowElements(graph, new Set(["ctr:e:c0"]));
    expect(nodes.filter((n) => n.type === "container").map((n) => [n.id, n.data.highlighted, n.data.dimmed])).toEqual([
      ["ctr:e:c0", true, false],
      ["ctr:e:c1", false, true],
      ["ctr:e:c2", false, true],
    ]);
  });

  it("drops group-membership edges on dense graphs (the group box already shows them)", () => {
    const { edges } = toFlowElements(layoutTopology([environment(DENSE_CONTAINER_COUNT + 1)]), new Set());
    expect(edges.filter((e) => e.source === "net:e:n")).toHaveLength(0);
  });
});
