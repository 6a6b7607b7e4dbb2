import { describe, expect, it } from "vitest";
import { layoutTopology } from "@/server/services/topology/layout-topology";
import type { TopologyEnvironment } from "@/server/services/topology/topology-model";
import { toFlowElements } from "./to-flow-elements";

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
  it("nests containers in their network group, draws only their other networks, and labels for people", () => {
    const env = environment(2);
    env.networks.push({ id: "m", name: "zone-mgmt", driver: "bridge", internal: false, subnet: "" });
    env.containers[1]!.networks.push({ networkId: "m", ipv4: "10.9.0.5" });
    const { nodes, edges } = toFlowElements(layoutTopology([env]), new Set());
    const c0 = nodes.find((n) => n.id === "ctr:e:c0")!;
    expect(c0).toMatchObject({ type: "container", parentId: "net:e:n", extent: "parent", ariaLabel: "container c0 running on net" });
    expect(edges.map((e) => [e.ariaLabel, e.label]).sort()).toEqual([
      ["c1 on zone-mgmt", "10.9.0.5"],
      ["net in e", undefined],
      ["zone-mgmt in e", undefined],
    ]);
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
});
