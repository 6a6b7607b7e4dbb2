// The network model and its one translation from Docker's wire types (GET /networks, GET /networks/{id};
// Engine API v1.41 §Network). The list endpoint leaves Containers empty, so attachments come from the
// container list (NetworkSettings.Networks), which also gives stopped containers.
import type Docker from "dockerode";

export const BUILTIN_NETWORKS = ["bridge", "host", "none"] as const;

export type NetworkAttachment = { containerId: string; containerName: string; state: string; ipv4: string; ipv6: string; macAddress: string };

export type NetworkSummary = {
  id: string;
  name: string;
  driver: string;
  scope: string;
  internal: boolean;
  attachable: boolean;
  subnets: Array<{ subnet: string; gateway: string }>;
  labels: Record<string, string>;
  createdAt: string | null;
  builtIn: boolean;
  containers: NetworkAttachment[];
};

/** Attachments per network id, from GET /containers/json?all=1. */
export function networkAttachments(containers: Docker.ContainerInfo[]): Map<string, NetworkAttachment[]> {
  const byNetwork = new Map<string, NetworkAttachment[]>();
  for (const c of containers) {
    for (const [name, n] of Object.entries(c.NetworkSettings?.Networks ?? {})) {
      // A created, never-started container has no NetworkID yet: keyed by network name instead.
      const key = n.NetworkID || `name:${name}`;
      const list = byNetwork.get(key) ?? [];
      list.push({
        containerId: c.Id,
        containerName: (c.Names?.[0] ?? c.Id).replace(/^\//, ""),
        state: c.State,
        ipv4: n.IPAddress ? `${n.IPAddress}${n.IPPrefixLen ? `/${n.IPPrefixLen}` : ""}` : "",
        ipv6: n.GlobalIPv6Address ?? "",
        macAddress: n.MacAddress ?? "",
      });
      byNetwork.set(key, list);
    }
  }
  return byNetwork;
}

export function toNetworkSummary(wire: Docker.NetworkInspectInfo, attachments: Map<string, NetworkAttachment[]>): NetworkSummary {
  return {
    id: wire.Id,
    name: wire.Name,
    driver: wire.Driver,
    scope: wire.Scope,
    internal: Boolean(wire.Internal),
    attachable: Boolean(wire.Attachable),
    subnets: (wire.IPAM?.Config ?? []).map((c) => ({ subnet: c.Subnet ?? "", gateway: c.Gateway ?? "" })),
    labels: wire.Labels ?? {},
    createdAt: wire.Created ?? null,
    builtIn: (BUILTIN_NETWORKS as readonly string[]).includes(wire.Name),
    containers: [...(attachments.get(wire.Id) ?? []), ...(attachments.get(`name:${wire.Name}`) ?? [])].sort((a, b) => a.containerName.localeCompare(b.containerName)),
  };
}
