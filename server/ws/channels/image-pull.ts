// /ws/image-pull?environmentId&jobId: the progress of a pull started by the image.pull procedure, as
// {"type":"progress", reference, progress} (per-layer state) on every engine message, the last one with
// progress.done. Only a user who may read images on that environment can watch.
import type { WebSocket } from "ws";
import { can } from "../../auth/can";
import type { Database } from "../../db/client";
import type { Logger } from "../../log";
import type { SessionUser } from "../../services/auth/get-principal";
import { findPullJob } from "../../services/images/pull-jobs";
import type { PullProgress } from "../../services/images/pull-progress";
import { writeAuditEntry } from "../../services/audit/write-audit-entry";
import { closeWithError, send } from "./open-container";

export function createImagePullChannel(db: Database) {
  return (ws: WebSocket, params: URLSearchParams, user: SessionUser, log: Logger, clientAddress: string) => {
    const environmentId = params.get("environmentId") ?? "";
    const job = findPullJob(params.get("jobId") ?? "");
    if (!can(user, "image:read", environmentId)) {
      const message = 'You lack the permission "image:read".';
      void writeAuditEntry(db, log, { action: "access.denied", result: "refused", userId: user.id, username: user.username, target: "ws:image-pull", environmentId, address: clientAddress, detail: message, via: "session" });
      return closeWithError(ws, message);
    }
    if (!job || job.environmentId !== environmentId) return closeWithError(ws, "pull not found");
    const watch = (progress: PullProgress) => {
      send(ws, { type: "progress", reference: job.reference, progress });
      if (progress.done && ws.readyState === ws.OPEN) ws.close(1000, "done");
    };
    job.watchers.add(watch);
    ws.on("close", () => job.watchers.delete(watch));
    watch(job.progress);
  };
}
