// Translates the server's laid-out topology into @xyflow/react nodes and edges. Positions come from the
// server (deterministic layered layout); this only maps kinds to node types, highlights search matches and
// dims the rest. A container's membership of the group it sits in is shown by the box (and its address in
// the node), so only its other networks and its published ports are drawn as edges.
import type { Edge, Node } from "@xyflow/react";
import type { TopologyGraph, TopologyNode } from "@/server/services/topology/layout-topology";

export type FlowNodeData = { node: TopologyNode; highlighted: boolean; dimmed: boolean };

export function toFlowElements(graph: TopologyGraph, matches: ReadonlySet<string>): { nodes: Node<FlowNodeData>[]; edges: Edge[] } {
  const searching = matches.size > 0;
  const nodes: Node<FlowNodeData>[] = graph.nodes.map((n) => ({
    id: n.id,
    type: n.kind,
    position: { x: n.x, y: n.y },
    width: n.width,
    height: n.height,
    ...(n.parentId ? { parentId: n.parentId, extent: "parent" as const } : {}),
    draggable: n.kind !== "network",
    ariaLabel: n.kind === "container" ? `container ${n.label} ${n.state} on ${n.homeNetwork}` : `${n.kind} ${n.label}`,
    data: { node: n, highlighted: matches.has(n.id), dimmed: searching && !matches.has(n.id) && n.kind === "container" },
  }));
  const edges: Edge[] = graph.edges
    .filter((e) => !e.home)
    .map((e) => ({
      id: e.id,
      source: e.source,
      target: e.target,
      label: e.label || undefined,
      ariaLabel: e.description,
      animated: e.kind === "port",
      // Edges are read-only decoration: they never take a click meant for the node under them.
      selectable: false,
      focusable: false,
      interactionWidth: 0,
      className: "pointer-events-none",
      style: e.kind === "port" ? { stroke: "#0ea5e9", strokeWidth: 1.5 } : e.kind === "environment-network" ? { stroke: "#94a3b8", strokeDasharray: "4 4" } : { stroke: "#64748b" },
      labelStyle: { fontSize: 10, fontFamily: "ui-monospace, monospace" },
    }));
  return { nodes, edges };
}
