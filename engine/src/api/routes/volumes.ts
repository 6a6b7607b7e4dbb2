// Volume endpoints (Docker Engine API "Volume" tag): create, list, inspect, remove, prune.
import { invalidArgument } from "../../errors.js";
import type { VolumeService } from "../../volumes/volume-service.js";
import { compareApiVersions } from "../api-version.js";
import { writeJson } from "../http-errors.js";
import type { HttpRoute, RequestContext } from "../router.js";
import { toVolumeWire } from "../wire/volumes.js";
import { readJsonBody } from "./read-json-body.js";

const flag = (ctx: RequestContext, k: string) => ["1", "true", "True"].includes(ctx.query.get(k) ?? "");

export function volumeRoutes(volumes: VolumeService): HttpRoute[] {
  const wire = (name: string) => toVolumeWire(volumes.get(name), volumes.store.dataDir(name));
  return [
    {
      method: "GET",
      pattern: "/volumes",
      handle: (ctx, res) => writeJson(res, 200, { Volumes: volumes.list(ctx.query.get("filters")).map((v) => toVolumeWire(v, volumes.store.dataDir(v.name))), Warnings: null }),
    },
    {
      method: "POST",
      pattern: "/volumes/create",
      async handle(ctx, res) {
        const body = await readJsonBody(ctx.req);
        for (const k of ["Name", "Driver"] as const) if (body[k] !== undefined && body[k] !== null && typeof body[k] !== "string") throw invalidArgument(`invalid ${k}: must be a string`);
        for (const k of ["DriverOpts", "Labels"] as const) {
          const v = body[k];
          if (v !== undefined && v !== null && (typeof v !== "object" || Array.isArray(v) || Object.values(v).some((x) => typeof x !== "string"))) throw invalidArgument(`invalid ${k}: must be a map of strings`);
        }
        const { volume } = volumes.create(body.Name || undefined, { driver: body.Driver ?? undefined, driverOpts: body.DriverOpts ?? {}, labels: body.Labels ?? {} });
        writeJson(res, 201, wire(volume.name));
      },
    },
    {
      method: "POST",
      pattern: "/volumes/prune",
      async handle(ctx, res) {
        // API 1.42 made prune take only anonymous volumes; older clients (docker-py, compose v1) still get all.
        const { deleted, reclaimed } = await volumes.prune(ctx.query.get("filters"), { allByDefault: compareApiVersions(ctx.apiVersion, "1.42") < 0 });
        writeJson(res, 200, { VolumesDeleted: deleted, SpaceReclaimed: reclaimed });
      },
    },
    { method: "GET", pattern: "/volumes/{name}", handle: (ctx, res) => writeJson(res, 200, wire(ctx.params.name!)) },
    {
      method: "DELETE",
      pattern: "/volumes/{name}",
      async handle(ctx, res) {
        await volumes.remove(ctx.params.name!, { force: flag(ctx, "force") });
        res.writeHead(204);
        res.end();
      },
    },
  ];
}
