// The dashboard's counts for one environment; each count is null when the engine cannot answer it (the
// local engine serves images only), with the reason kept for the tooltip.
import type Docker from "dockerode";
import { engineMessageOf } from "../containers/docker-error";
import { CONTAINER_STATES, type ContainerState } from "../containers/container-summary";

export type EnvironmentCounts = {
  containers: Record<ContainerState, number> | null;
  images: number | null;
  volumes: number | null;
  networks: number | null;
  errors: string[];
};

/** Pure: containers per state, every state present. */
export function countByState(states: string[]): Record<ContainerState, number> {
  const counts = Object.fromEntries(CONTAINER_STATES.map((s) => [s, 0])) as Record<ContainerState, number>;
  for (const s of states) if ((CONTAINER_STATES as readonly string[]).includes(s)) counts[s as ContainerState] += 1;
  return counts;
}

export async function countEnvironment(docker: Docker): Promise<EnvironmentCounts> {
  const errors: string[] = [];
  const settle = async <T, R>(what: string, call: () => Promise<T>, count: (v: T) => R): Promise<R | null> => {
    try {
      return count(await call());
    } catch (error) {
      errors.push(`${what}: ${engineMessageOf(error)}`);
      return null;
    }
  };
  const [containers, images, volumes, networks] = await Promise.all([
    settle("containers", () => docker.listContainers({ all: true }), (l) => countByState(l.map((c) => c.State))),
    settle("images", () => docker.listImages(), (l) => l.length),
    settle("volumes", () => docker.listVolumes(), (l) => (l.Volumes ?? []).length),
    settle("networks", () => docker.listNetworks(), (l) => l.length),
  ]);
  return { containers, images, volumes, networks, errors };
}
