// Lifecycle actions on one container: start, stop, restart, kill, pause, unpause, remove. "Already in that
// state" (HTTP 304) counts as done. Every action invalidates the environment's cached list.
import type Docker from "dockerode";
import { invalidateContainers } from "./container-list-cache";
import { isNotModified, toAppError } from "./docker-error";

export const CONTAINER_ACTIONS = ["start", "stop", "restart", "kill", "pause", "unpause", "remove"] as const;
export type ContainerAction = (typeof CONTAINER_ACTIONS)[number];
/** Actions a person must confirm in the UI: they end processes or delete data. */
export const DESTRUCTIVE_ACTIONS = ["stop", "restart", "kill", "remove"] as const satisfies readonly ContainerAction[];

/** Seconds a stop/restart waits after SIGTERM before SIGKILL (Docker's default is 10). */
export const STOP_TIMEOUT_SEC = 5;

export async function runContainerAction(
  docker: Docker,
  environmentId: string,
  containerId: string,
  action: ContainerAction,
  options: { force?: boolean; removeVolumes?: boolean } = {},
): Promise<void> {
  const container = docker.getContainer(containerId);
  try {
    switch (action) {
      case "start":
        await container.start();
        break;
      case "stop":
        await container.stop({ t: STOP_TIMEOUT_SEC });
        break;
      case "restart":
        await container.restart({ t: STOP_TIMEOUT_SEC });
        break;
      case "kill":
        await container.kill();
        break;
      case "pause":
        await container.pause();
        break;
      case "unpause":
        await container.unpause();
        break;
      case "remove":
        await container.remove({ force: options.force ?? false, v: options.removeVolumes ?? false });
        break;
    }
  } catch (error) {
    if (!isNotModified(error)) throw toAppError(error, `container "${containerId.slice(0, 12)}"`);
  } finally {
    invalidateContainers(environmentId);
  }
}

export async function renameContainer(docker: Docker, environmentId: string, containerId: string, newName: string): Promise<void> {
  try {
    await docker.getContainer(containerId).rename({ name: newName });
  } catch (error) {
    throw toAppError(error, `container "${containerId.slice(0, 12)}"`);
  } finally {
    invalidateContainers(environmentId);
  }
}
