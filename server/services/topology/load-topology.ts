// Reads the topology of the given environments in parallel; an environment that cannot be read (down, or an
// engine without /networks) is drawn with its reason instead of failing the whole view.
import type Docker from "dockerode";
import { engineMessageOf } from "../containers/docker-error";
import { toTopologyEnvironment, type TopologyEnvironment } from "./topology-model";
import { layoutTopology, type TopologyGraph } from "./layout-topology";

export const TOPOLOGY_TIMEOUT_MS = 8000;

export async function readEnvironmentTopology(docker: Docker, environment: { id: string; name: string }): Promise<TopologyEnvironment> {
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer in ${TOPOLOGY_TIMEOUT_MS / 1000} s`)), TOPOLOGY_TIMEOUT_MS);
    });
    const [networks, containers] = await Promise.race([Promise.all([docker.listNetworks(), docker.listContainers({ all: true })]), timeout]);
    return toTopologyEnvironment(environment, networks, containers);
  } catch (error) {
    return { id: environment.id, name: environment.name, error: engineMessageOf(error), networks: [], containers: [] };
  } finally {
    clearTimeout(timer);
  }
}

export async function loadTopology(targets: Array<{ docker: Docker; environment: { id: string; name: string } }>): Promise<TopologyGraph> {
  const environments = await Promise.all(targets.map((t) => readEnvironmentTopology(t.docker, t.environment)));
  return layoutTopology(environments);
}
