// The container page's summary, translated from GET /containers/{id}/json.
import type Docker from "dockerode";
import { toAppError } from "./docker-error";
import { CONTAINER_STATES, type ContainerState } from "./container-summary";

export type ContainerDetails = {
  id: string;
  name: string;
  image: string;
  imageId: string;
  command: string[];
  entrypoint: string[];
  env: string[];
  state: ContainerState;
  running: boolean;
  tty: boolean;
  startedAt: string | null;
  finishedAt: string | null;
  exitCode: number | null;
  createdAt: string;
  ports: Array<{ containerPort: string; hostIp: string; hostPort: string }>;
  mounts: Array<{ type: string; source: string; destination: string; readOnly: boolean }>;
  networks: Array<{ name: string; ipAddress: string }>;
  labels: Record<string, string>;
  restartPolicy: string;
  memoryLimitBytes: number;
  nanoCpus: number;
  user: string;
};

export async function inspectContainer(docker: Docker, containerId: string): Promise<ContainerDetails> {
  let wire: Docker.ContainerInspectInfo;
  try {
    wire = await docker.getContainer(containerId).inspect();
  } catch (error) {
    throw toAppError(error, `container "${containerId.slice(0, 12)}"`);
  }
  const status = wire.State.Status;
  const bindings = (wire.HostConfig.PortBindings ?? {}) as Record<string, Array<{ HostIp: string; HostPort: string }> | null>;
  const restart = wire.HostConfig.RestartPolicy;
  return {
    id: wire.Id,
    name: wire.Name.replace(/^\//, ""),
    image: wire.Config.Image,
    imageId: wire.Image,
    command: wire.Config.Cmd ?? [],
    entrypoint: Array.isArray(wire.Config.Entrypoint) ? wire.Config.Entrypoint : wire.Config.Entrypoint ? [wire.Config.Entrypoint] : [],
    env: wire.Config.Env ?? [],
    state: (CONTAINER_STATES as readonly string[]).includes(status) ? (status as ContainerState) : "dead",
    running: wire.State.Running,
    tty: Boolean(wire.Config.Tty),
    startedAt: wire.State.StartedAt?.startsWith("0001") ? null : wire.State.StartedAt,
    finishedAt: wire.State.FinishedAt?.startsWith("0001") ? null : wire.State.FinishedAt,
    exitCode: wire.State.Running ? null : wire.State.ExitCode,
    createdAt: wire.Created,
    ports: Object.entries(bindings).flatMap(([containerPort, list]) =>
      (list ?? []).map((b) => ({ containerPort, hostIp: b.HostIp, hostPort: b.HostPort })),
    ),
    mounts: (wire.Mounts ?? []).map((m) => ({
      type: m.Type ?? "bind",
      source: m.Name ?? m.Source,
      destination: m.Destination,
      readOnly: !m.RW,
    })),
    networks: Object.entries(wire.NetworkSettings.Networks ?? {}).map(([name, n]) => ({ name, ipAddress: n.IPAddress })),
    labels: wire.Config.Labels ?? {},
    restartPolicy: restart?.Name ? (restart.Name === "on-failure" && restart.MaximumRetryCount ? `on-failure:${restart.MaximumRetryCount}` : restart.Name) : "no",
    memoryLimitBytes: wire.HostConfig.Memory ?? 0,
    nanoCpus: wire.HostConfig.NanoCpus ?? 0,
    user: wire.Config.User ?? "",
  };
}
