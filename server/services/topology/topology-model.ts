// What the topology view draws: environments → networks → containers, published ports as edges to the
// environment's host. Built from one GET /networks and one GET /containers/json?all=1 per environment.
import type Docker from "dockerode";
import { COMPOSE_PROJECT_LABEL, CONTAINER_STATES, type ContainerState } from "../containers/container-summary";

export type TopologyPort = { privatePort: number; publicPort: number; ip: string; type: string };
export type TopologyContainer = {
  id: string;
  name: string;
  image: string;
  state: ContainerState;
  composeProject: string | null;
  ports: TopologyPort[];
  /** network id → address on it ("" when stopped) */
  networks: Array<{ networkId: string; ipv4: string }>;
};
export type TopologyNetwork = { id: string; name: string; driver: string; internal: boolean; subnet: string };
export type TopologyEnvironment = {
  id: string;
  name: string;
  /** null when the environment answered; otherwise why it could not be read */
  error: string | null;
  networks: TopologyNetwork[];
  containers: TopologyContainer[];
};

/** The one translation from the wire lists of one environment. */
export function toTopologyEnvironment(
  environment: { id: string; name: string },
  networks: Docker.NetworkInspectInfo[],
  containers: Docker.ContainerInfo[],
): TopologyEnvironment {
  const idByName = new Map(networks.map((n) => [n.Name, n.Id]));
  return {
    id: environment.id,
    name: environment.name,
    error: null,
    networks: networks.map((n) => ({
      id: n.Id,
      name: n.Name,
      driver: n.Driver,
      internal: Boolean(n.Internal),
      subnet: n.IPAM?.Config?.[0]?.Subnet ?? "",
    })),
    containers: containers.map((c) => {
      const state = (CONTAINER_STATES as readonly string[]).includes(c.State) ? (c.State as ContainerState) : "dead";
      const seen = new Set<string>();
      return {
        id: c.Id,
        name: (c.Names?.[0] ?? c.Id.slice(0, 12)).replace(/^\//, ""),
        image: c.Image,
        state,
        composeProject: c.Labels?.[COMPOSE_PROJECT_LABEL] ?? null,
        // The engine lists a port once per host address family (0.0.0.0 and ::); one edge per host port.
        ports: (c.Ports ?? [])
          .filter((p) => p.PublicPort)
          .filter((p) => {
            const key = `${p.PublicPort}/${p.PrivatePort}/${p.Type}`;
            return seen.has(key) ? false : (seen.add(key), true);
          })
          .map((p) => ({ privatePort: p.PrivatePort, publicPort: p.PublicPort, ip: p.IP ?? "", type: p.Type })),
        // A created, never-started container has no NetworkID yet: its networks are known by name (the key).
        networks: Object.entries(c.NetworkSettings?.Networks ?? {})
          .map(([name, n]) => ({ networkId: n.NetworkID || idByName.get(name) || "", ipv4: n.IPAddress ?? "" }))
          .filter((n) => n.networkId),
      };
    }),
  };
}
