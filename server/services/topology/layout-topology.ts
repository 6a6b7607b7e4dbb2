// A deterministic layered layout of the topology, computed on the server (no layout library):
//
//   row 0   [environment]                                   [host ports]
//   row 1   ┌ network A ──────────┐ ┌ network B ─────┐ ┌ no network ┐
//           │ containers in a grid │ │ …              │ │ …          │
//           └──────────────────────┘ └────────────────┘ └────────────┘
//
// Each container is drawn once, inside the group of its first network (networks sorted by name, user-defined
// before bridge/host/none); its other networks get an edge. Inside a group containers are ordered by compose
// project, then name, so a project sits together. Groups wrap into rows no wider than MAX_ROW_WIDTH, and
// environments stack vertically. Same input → same positions, whatever order the engine listed things in.
import type { ContainerState } from "../containers/container-summary";
import type { TopologyEnvironment } from "./topology-model";

export const NODE_WIDTH = 180;
export const NODE_HEIGHT = 48;
const GAP = 16;
const GROUP_PAD = 16;
const GROUP_HEADER = 40;
const GROUP_GAP = 40;
const MAX_COLUMNS = 6;
const MAX_ROW_WIDTH = 2400;
const ENV_HEADER = 120;
const ENV_GAP = 120;

export const TOPOLOGY_NODE_KINDS = ["environment", "host", "network", "container"] as const;
export type TopologyNodeKind = (typeof TOPOLOGY_NODE_KINDS)[number];

export type TopologyNode = {
  id: string;
  kind: TopologyNodeKind;
  label: string;
  /** absolute for environment/host/network; relative to parentId for containers */
  x: number;
  y: number;
  width: number;
  height: number;
  parentId: string | null;
  environmentId: string;
  /** containers */
  state?: ContainerState;
  /** the container's address on the network it is drawn in */
  address?: string;
  /** the name of that network */
  homeNetwork?: string;
  image?: string;
  composeProject?: string | null;
  containerId?: string;
  /** networks */
  networkId?: string;
  driver?: string;
  subnet?: string;
  containerCount?: number;
  /** environments that could not be read */
  error?: string | null;
};

export const TOPOLOGY_EDGE_KINDS = ["environment-network", "network-container", "port"] as const;
export type TopologyEdgeKind = (typeof TOPOLOGY_EDGE_KINDS)[number];
/**
 * `description` reads as a sentence for assistive tech and tests, e.g. "web on frontend". `home`: the edge from
 * a container's own group (the box already shows that membership, so the view need not draw it).
 */
export type TopologyEdge = { id: string; kind: TopologyEdgeKind; source: string; target: string; label: string; description: string; home: boolean };
export type TopologyGraph = { nodes: TopologyNode[]; edges: TopologyEdge[]; width: number; height: number };

const BUILTIN_ORDER: Record<string, number> = { bridge: 1, host: 2, none: 3 };
const NO_NETWORK = "(no network)";

export const envNodeId = (envId: string) => `env:${envId}`;
export const hostNodeId = (envId: string) => `host:${envId}`;
export const networkNodeId = (envId: string, networkId: string) => `net:${envId}:${networkId}`;
export const containerNodeId = (envId: string, containerId: string) => `ctr:${envId}:${containerId}`;

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function layoutTopology(environments: TopologyEnvironment[]): TopologyGraph {
  const nodes: TopologyNode[] = [];
  const edges: TopologyEdge[] = [];
  let top = 0;
  let width = 0;
  for (const env of [...environments].sort((a, b) => compareText(a.name, b.name) || compareText(a.id, b.id))) {
    const envId = envNodeId(env.id);
    const hostId = hostNodeId(env.id);
    nodes.push({ id: envId, kind: "environment", label: env.name, x: 0, y: top, width: 220, height: 56, parentId: null, environmentId: env.id, error: env.error });
    const networkName = new Map(env.networks.map((n) => [n.id, n.name]));
    const networks = [...env.networks].sort((a, b) => (BUILTIN_ORDER[a.name] ?? 0) - (BUILTIN_ORDER[b.name] ?? 0) || compareText(a.name, b.name));
    const rank = new Map(networks.map((n, i) => [n.id, i]));
    const members = new Map<string, typeof env.containers>(networks.map((n) => [n.id, []]));
    const loose: typeof env.containers = [];
    for (const c of env.containers) {
      const home = c.networks.filter((n) => rank.has(n.networkId)).sort((a, b) => rank.get(a.networkId)! - rank.get(b.networkId)!)[0];
      if (home) members.get(home.networkId)!.push(c);
      else loose.push(c);
    }
    const groups = networks.map((n) => ({ id: n.id, label: n.name, driver: n.driver, subnet: n.subnet, internal: n.internal, containers: members.get(n.id)! }));
    if (loose.length) groups.push({ id: NO_NETWORK, label: NO_NETWORK, driver: "", subnet: "", internal: false, containers: loose });

    let x = 0;
    let y = top + ENV_HEADER;
    let rowHeight = 0;
    let hasPorts = false;
    for (const group of groups) {
      const sorted = [...group.containers].sort((a, b) => compareText(a.composeProject ?? "", b.composeProject ?? "") || compareText(a.name, b.name) || compareText(a.id, b.id));
      const columns = Math.max(1, Math.min(MAX_COLUMNS, Math.ceil(Math.sqrt(sorted.length))));
      const rows = Math.ceil(sorted.length / columns);
      const groupWidth = Math.max(NODE_WIDTH + 2 * GROUP_PAD, columns * (NODE_WIDTH + GAP) - GAP + 2 * GROUP_PAD);
      const groupHeight = GROUP_HEADER + GROUP_PAD + Math.max(1, rows) * (NODE_HEIGHT + GAP) - GAP + GROUP_PAD;
      if (x > 0 && x + groupWidth > MAX_ROW_WIDTH) {
        x = 0;
        y += rowHeight + GROUP_GAP;
        rowHeight = 0;
      }
      const groupNodeId = networkNodeId(env.id, group.id);
      nodes.push({
        id: groupNodeId,
        kind: "network",
        label: group.label,
        x,
        y,
        width: groupWidth,
        height: groupHeight,
        parentId: null,
        environmentId: env.id,
        networkId: group.id === NO_NETWORK ? undefined : group.id,
        driver: group.driver,
        subnet: group.subnet,
        containerCount: sorted.length,
      });
      if (group.id !== NO_NETWORK) edges.push({ id: `e:${envId}->${groupNodeId}`, kind: "environment-network", source: envId, target: groupNodeId, label: "", description: `${group.label} in ${env.name}`, home: false });
      sorted.forEach((c, i) => {
        const nodeId = containerNodeId(env.id, c.id);
        nodes.push({
          id: nodeId,
          kind: "container",
          label: c.name,
          x: GROUP_PAD + (i % columns) * (NODE_WIDTH + GAP),
          y: GROUP_HEADER + GROUP_PAD + Math.floor(i / columns) * (NODE_HEIGHT + GAP),
          width: NODE_WIDTH,
          height: NODE_HEIGHT,
          parentId: groupNodeId,
          environmentId: env.id,
          state: c.state,
          image: c.image,
          composeProject: c.composeProject,
          containerId: c.id,
          address: c.networks.find((n) => n.networkId === group.id)?.ipv4 ?? "",
          homeNetwork: group.label,
        });
        for (const n of [...c.networks].sort((a, b) => (rank.get(a.networkId) ?? 0) - (rank.get(b.networkId) ?? 0))) {
          if (!rank.has(n.networkId)) continue;
          const netId = networkNodeId(env.id, n.networkId);
          edges.push({ id: `e:${netId}->${nodeId}`, kind: "network-container", source: netId, target: nodeId, label: n.ipv4, description: `${c.name} on ${networkName.get(n.networkId)}`, home: n.networkId === group.id });
        }
        for (const p of [...c.ports].sort((a, b) => a.publicPort - b.publicPort || a.privatePort - b.privatePort || compareText(a.type, b.type))) {
          hasPorts = true;
          edges.push({ id: `e:${nodeId}->${hostId}:${p.publicPort}/${p.type}`, kind: "port", source: nodeId, target: hostId, label: `${p.publicPort}→${p.privatePort}/${p.type}`, description: `${c.name} publishes ${p.publicPort}→${p.privatePort}/${p.type}`, home: false });
        }
      });
      x += groupWidth + GROUP_GAP;
      rowHeight = Math.max(rowHeight, groupHeight);
      width = Math.max(width, x - GROUP_GAP);
    }
    if (hasPorts || groups.length) {
      nodes.push({ id: hostId, kind: "host", label: `${env.name} host ports`, x: Math.max(260, Math.min(width, MAX_ROW_WIDTH) - 200), y: top, width: 200, height: 56, parentId: null, environmentId: env.id });
    }
    top = y + rowHeight + ENV_GAP;
  }
  return { nodes, edges, width: Math.max(width, 480), height: top };
}

/** Case-insensitive match on names, images, compose projects and networks: the ids of matching nodes. */
export function searchTopology(graph: TopologyGraph, text: string): Set<string> {
  const needle = text.trim().toLowerCase();
  if (!needle) return new Set();
  return new Set(
    graph.nodes
      .filter((n) => [n.label, n.image ?? "", n.composeProject ?? ""].some((v) => v.toLowerCase().includes(needle)))
      .map((n) => n.id),
  );
}
