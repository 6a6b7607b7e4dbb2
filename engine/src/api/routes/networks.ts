// Network endpoints (Docker Engine API "Network" tag): list, inspect, create, remove, connect, disconnect, prune.
import type { ServerResponse } from "node:http";
import { invalidArgument } from "../../errors.js";
import { parseFilterArgs } from "../filter-args.js";
import type { NetworkRecord } from "../../networks/network-record.js";
import type { NetworkService } from "../../networks/network-service.js";
import { writeJson } from "../http-errors.js";
import type { HttpRoute } from "../router.js";
import { networkJson } from "../wire/networks.js";
import { readJsonBody } from "./read-json-body.js";

const LIST_FILTERS = ["dangling", "driver", "id", "label", "name", "scope", "type"] as const;
const PRUNE_FILTERS = ["label", "label!", "until"] as const;

function ok(res: ServerResponse): void {
  res.writeHead(200, { "Content-Length": "0" });
  res.end();
}

function matchesLabel(labels: Record<string, string>, f: string): boolean {
  const i = f.indexOf("=");
  return i < 0 ? f in labels : labels[f.slice(0, i)] === f.slice(i + 1);
}

/** `until`: a Unix timestamp or an RFC 3339 time; networks created before it match. */
function untilMs(v: string): number {
  const t = /^\d+(\.\d+)?$/.test(v) ? Number(v) * 1000 : Date.parse(v);
  if (Number.isNaN(t)) throw invalidArgument(`invalid filter 'until=${v}'`);
  return t;
}

export function networkRoutes(svc: NetworkService): HttpRoute[] {
  const json = (n: NetworkRecord, withContainers = true) => networkJson(n, svc.activeOn(n), withContainers);
  return [
    {
      method: "GET",
      pattern: "/networks",
      handle(ctx, res) {
        const f = parseFilterArgs(ctx.query.get("filters"), LIST_FILTERS);
        for (const t of f.get("type") ?? []) if (t !== "custom" && t !== "builtin") throw invalidArgument(`invalid filter: 'type'='${t}'`);
        const any = (k: string, pred: (v: string) => boolean) => !f.has(k) || f.get(k)!.some(pred);
        const list = svc.store.all().filter((n) =>
          any("name", (v) => n.name.includes(v)) &&
          any("id", (v) => n.id.startsWith(v)) &&
          any("driver", (v) => n.driver === v) &&
          any("scope", (v) => v === "local") &&
          any("type", (v) => (v === "custom") === !n.predefined) &&
          (f.get("label") ?? []).every((l) => matchesLabel(n.labels, l)) &&
          any("dangling", (v) => (["true", "1"].includes(v) ? !n.predefined && svc.activeOn(n).length === 0 : true)),
        );
        list.sort((a, b) => a.created.localeCompare(b.created));
        writeJson(res, 200, list.map((n) => json(n, false)));
      },
    },
    { method: "GET", pattern: "/networks/{id}", handle: (ctx, res) => writeJson(res, 200, json(svc.store.get(ctx.params.id!))) },
    {
      method: "POST",
      pattern: "/networks/create",
      async handle(ctx, res) {
        const body = await readJsonBody(ctx.req);
        const n = await svc.create(body);
        ctx.log.info({ network: n.name, id: n.id, subnet: n.ipam.config[0]?.subnet }, "network created");
        writeJson(res, 201, { Id: n.id, Warning: "" });
      },
    },
    {
      method: "POST",
      pattern: "/networks/prune",
      async handle(ctx, res) {
        const f = parseFilterArgs(ctx.query.get("filters"), PRUNE_FILTERS);
        const until = (f.get("until") ?? []).map(untilMs);
        const deleted = await svc.prune((n) =>
          (f.get("label") ?? []).every((l) => matchesLabel(n.labels, l)) &&
          (f.get("label!") ?? []).every((l) => !matchesLabel(n.labels, l)) &&
          until.every((u) => Date.parse(n.created) < u));
        writeJson(res, 200, { NetworksDeleted: deleted.length ? deleted : null });
      },
    },
    {
      method: "DELETE",
      pattern: "/networks/{id}",
      async handle(ctx, res) {
        await svc.remove(ctx.params.id!);
        res.writeHead(204);
        res.end();
      },
    },
    {
      method: "POST",
      pattern: "/networks/{id}/connect",
      async handle(ctx, res) {
        const body = await readJsonBody(ctx.req);
        if (typeof body.Container !== "string" || !body.Container) throw invalidArgument("no container specified");
        await svc.connect(ctx.params.id!, body.Container, body.EndpointConfig ?? {});
        ok(res);
      },
    },
    {
      method: "POST",
      pattern: "/networks/{id}/disconnect",
      async handle(ctx, res) {
        const body = await readJsonBody(ctx.req);
        if (typeof body.Container !== "string" || !body.Container) throw invalidArgument("no container specified");
        await svc.disconnect(ctx.params.id!, body.Container, body.Force === true);
        ok(res);
      },
    },
  ];
}
