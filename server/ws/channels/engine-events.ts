// /ws/events?environmentId=…(repeatable; none = every environment the user may read networks on): relays
// each engine's GET /events stream (Engine API v1.41 §System/events) as
// {"type":"event", environmentId, objectType, action, id, name, time}. An environment whose stream cannot be
// opened or ends gets {"type":"environment-error", environmentId, message}. Closing the socket ends every
// engine stream it opened.
import type { Readable } from "node:stream";
import type { WebSocket } from "ws";
import { can } from "../../auth/can";
import type { Database } from "../../db/client";
import type { Logger } from "../../log";
import type { SessionUser } from "../../services/auth/get-principal";
import { engineMessageOf } from "../../services/containers/docker-error";
import { getEnvironmentDocker } from "../../services/environments/get-environment-docker";
import { toEngineEvent } from "../../services/topology/engine-event";
import { send } from "./open-container";

export function createEventsChannel(db: Database) {
  return (ws: WebSocket, params: URLSearchParams, user: SessionUser, log: Logger) => {
    const streams: Readable[] = [];
    let closed = false;
    ws.on("close", () => {
      closed = true;
      for (const s of streams) s.destroy();
    });
    void (async () => {
      const wanted = params.getAll("environmentId").filter(Boolean);
      const rows = await db.environment.findMany({ select: { id: true } });
      const ids = rows.map((r) => r.id).filter((id) => can(user, "network:read", id) && (wanted.length === 0 || wanted.includes(id)));
      await Promise.all(
        ids.map(async (environmentId) => {
          try {
            const { docker } = await getEnvironmentDocker(db, environmentId);
            const stream = (await docker.getEvents({})) as unknown as Readable;
            if (closed) return stream.destroy();
            streams.push(stream);
            let pending = "";
            stream.on("data", (chunk: Buffer) => {
              pending += chunk.toString("utf8");
              const lines = pending.split("\n");
              pending = lines.pop() ?? "";
              for (const line of lines) {
                if (!line.trim()) continue;
                try {
                  const event = toEngineEvent(JSON.parse(line));
                  if (event) send(ws, { type: "event", environmentId, ...event });
                } catch (error) {
                  log.debug({ err: error }, "unreadable engine event");
                }
              }
            });
            stream.on("error", (error) => send(ws, { type: "environment-error", environmentId, message: error.message }));
            stream.on("end", () => !closed && send(ws, { type: "environment-error", environmentId, message: "event stream ended" }));
          } catch (error) {
            send(ws, { type: "environment-error", environmentId, message: engineMessageOf(error) });
          }
        }),
      );
      send(ws, { type: "subscribed", environmentIds: ids });
    })().catch((error) => log.warn({ err: error }, "events channel failed"));
  };
}
