// Shared by the container channels: checks the permission for the environment, finds the container and
// closes the socket with a readable reason when that fails.
import type Docker from "dockerode";
import type { WebSocket } from "ws";
import { can } from "../../auth/can";
import type { Permission } from "../../auth/permissions";
import type { Database } from "../../db/client";
import type { SessionUser } from "../../services/auth/get-principal";
import { getEnvironmentDocker } from "../../services/environments/get-environment-docker";
import { engineMessageOf } from "../../services/containers/docker-error";
import { writeAuditEntry } from "../../services/audit/write-audit-entry";
import type { Logger } from "../../log";

/** For the audit row of a refused channel (issue 9: every denied attempt is audited). */
export type ChannelRequest = { channel: string; log: Logger; clientAddress: string };

/** Application close code for "refused / failed before streaming" (RFC 6455 §7.4.2: 4000-4999 are ours). */
export const CLOSE_REFUSED = 4400;

export function send(ws: WebSocket, message: object): void {
  if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
}

export function closeWithError(ws: WebSocket, message: string): void {
  send(ws, { type: "error", message });
  if (ws.readyState === ws.OPEN) ws.close(CLOSE_REFUSED, message.slice(0, 120));
}

export async function openContainer(
  db: Database,
  ws: WebSocket,
  params: URLSearchParams,
  user: SessionUser,
  permission: Permission,
  request: ChannelRequest,
): Promise<{ docker: Docker; container: Docker.Container; info: Docker.ContainerInspectInfo; environmentId: string } | null> {
  const environmentId = params.get("environmentId") ?? "";
  const containerId = params.get("containerId") ?? "";
  if (!environmentId || !containerId) {
    closeWithError(ws, "environmentId and containerId are required");
    return null;
  }
  if (!can(user, permission, environmentId)) {
    const message = `You lack the permission "${permission}".`;
    await writeAuditEntry(db, request.log, {
      action: "access.denied",
      result: "refused",
      userId: user.id,
      username: user.username,
      target: `ws:${request.channel}`,
      environmentId,
      address: request.clientAddress,
      detail: message,
      via: "session",
    });
    closeWithError(ws, message);
    return null;
  }
  try {
    const { docker } = await getEnvironmentDocker(db, environmentId);
    const container = docker.getContainer(containerId);
    const info = await container.inspect();
    return { docker, container, info, environmentId };
  } catch (error) {
    closeWithError(ws, `container "${containerId.slice(0, 12)}": ${engineMessageOf(error)}`);
    return null;
  }
}
