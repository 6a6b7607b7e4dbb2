// /ws/stats?environmentId&containerId: one {"type":"stats", ...StatsSample} per engine sample (about one a
// second), {"type":"end"} when the container stops streaming. Closing the socket stops the engine stream.
import type { Readable } from "node:stream";
import type { WebSocket } from "ws";
import type { Database } from "../../db/client";
import type { Logger } from "../../log";
import type { SessionUser } from "../../services/auth/get-principal";
import { computeStats } from "../../services/containers/compute-stats";
import { closeWithError, openContainer, send } from "./open-container";

export function createStatsChannel(db: Database) {
  return (ws: WebSocket, params: URLSearchParams, user: SessionUser, log: Logger, clientAddress: string) => {
    void (async () => {
      const opened = await openContainer(db, ws, params, user, "container:read", { channel: "stats", log, clientAddress });
      if (!opened) return;
      let source: Readable;
      try {
        source = (await opened.container.stats({ stream: true })) as unknown as Readable;
      } catch (error) {
        return closeWithError(ws, `stats: ${(error as Error).message}`);
      }
      if (ws.readyState !== ws.OPEN) return source.destroy();
      let pending = "";
      source.on("data", (chunk: Buffer) => {
        pending += chunk.toString("utf8");
        const lines = pending.split("\n");
        pending = lines.pop() ?? "";
        for (const line of lines) {
          if (!line.trim()) continue;
          try {
            send(ws, { type: "stats", ...computeStats(JSON.parse(line)) });
          } catch (error) {
            log.debug({ err: error }, "unreadable stats line");
          }
        }
      });
      source.on("end", () => send(ws, { type: "end" }));
      source.on("error", (error) => closeWithError(ws, `stats: ${error.message}`));
      ws.on("close", () => source.destroy());
    })();
  };
}
