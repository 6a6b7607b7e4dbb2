// POST /containers/{id}/update (`docker update`): thin — look the container up (404 first, as dockerd), check the
// body, merge into HostConfig, apply live when the container runs, persist, and log the "update" event.
import { EngineError } from "../../errors.js";
import type { ContainerService } from "../../containers/container-service.js";
import { mergeUpdate, validateUpdate, writeCgroupLimits } from "../../containers/update-container.js";
import { writeJson } from "../http-errors.js";
import type { HttpRoute } from "../router.js";
import { readJsonBody } from "./read-json-body.js";

export function updateRoutes(svc: ContainerService): HttpRoute[] {
  return [
    {
      method: "POST",
      pattern: "/containers/{id}/update",
      async handle(ctx, res) {
        const rec = svc.store.get(ctx.params.id!);
        const update = validateUpdate(await readJsonBody(ctx.req));
        const next = mergeUpdate(rec, update);
        if (rec.state.status === "running" || rec.state.status === "paused") {
          try {
            writeCgroupLimits(rec.id, update, next);
          } catch (err) {
            throw new EngineError("Internal", `Cannot update container ${rec.id}: ${(err as Error).message}`, { object: rec.id });
          }
        }
        rec.hostConfig = next;
        svc.store.save(rec);
        svc.emit(rec, "update");
        ctx.log.info({ id: rec.id }, "container updated");
        writeJson(res, 200, { Warnings: [] });
      },
    },
  ];
}
