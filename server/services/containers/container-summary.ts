// The control plane's container model and the ONE translation from Docker's wire type (GET /containers/json,
// PascalCase) to it. Docker types stop here.
import type Docker from "dockerode";

export const CONTAINER_STATES = ["created", "running", "paused", "restarting", "removing", "exited", "dead"] as const;
export type ContainerState = (typeof CONTAINER_STATES)[number];

export const COMPOSE_PROJECT_LABEL = "com.docker.compose.project";

export type PortMapping = { privatePort: number; publicPort: number | null; ip: string | null; type: string };

export type ContainerSummary = {
  id: string;
  /** without the leading "/" */
  name: string;
  image: string;
  command: string;
  state: ContainerState;
  /** Docker's human status, e.g. "Up 3 minutes" */
  status: string;
  createdAt: Date;
  labels: Record<string, string>;
  ports: PortMapping[];
  composeProject: string | null;
  environmentId: string;
  environmentName: string;
};

export function toContainerSummary(
  wire: Docker.ContainerInfo,
  environment: { id: string; name: string },
): ContainerSummary {
  const labels = wire.Labels ?? {};
  const state = (CONTAINER_STATES as readonly string[]).includes(wire.State) ? (wire.State as ContainerState) : "dead";
  return {
    id: wire.Id,
    name: (wire.Names?.[0] ?? wire.Id.slice(0, 12)).replace(/^\//, ""),
    image: wire.Image,
    command: wire.Command ?? "",
    state,
    status: wire.Status ?? "",
    createdAt: new Date(wire.Created * 1000),
    labels,
    ports: (wire.Ports ?? []).map((p) => ({
      privatePort: p.PrivatePort,
      publicPort: p.PublicPort ?? null,
      ip: p.IP ?? null,
      type: p.Type,
    })),
    composeProject: labels[COMPOSE_PROJECT_LABEL] ?? null,
    environmentId: environment.id,
    environmentName: environment.name,
  };
}
