// Container endpoints (Docker Engine API "Container" tag): create, list, inspect, start/stop/kill/restart,
// pause/unpause, rename, wait, attach (hijack and websocket: attach.ts), logs, resize, delete.
import type { ServerResponse } from "node:http";
import { invalidArgument } from "../../errors.js";
import type { ContainerRecord } from "../../containers/container-record.js";
import { type ContainerService, WAIT_CONDITIONS, type WaitCondition } from "../../containers/container-service.js";
import { parseUnixParam, streamLogs } from "../../containers/read-logs.js";
import { rootfsPaths } from "../../containers/rootfs-mount.js";
import { FRAME } from "../../containers/shim-client.js";
import { listContainers } from "../../containers/list-containers.js";
import { topContainer } from "../../containers/container-top.js";
import { statsOnce } from "../../containers/container-stats.js";
import { writeJson } from "../http-errors.js";
import type { HttpRoute, RequestContext } from "../router.js";
import { inspectContainer } from "../wire/containers.js";
import { readJsonBody } from "./read-json-body.js";
import { checkCreateBodyTypes } from "../../containers/create-body-types.js";
import { attachHijacked, attachWebsocket } from "./attach.js";

const flag = (ctx: RequestContext, k: string) => ["1", "true", "True"].includes(ctx.query.get(k) ?? "");
const noContent = (res: ServerResponse, status = 204) => {
  res.writeHead(status);
  res.end();
};

/** The largest create body read (bytes); dockerd has no limit, and a 50 MB body must still work as there. */
export const CREATE_BODY_LIMIT = 64 * 1024 * 1024;

export function containerRoutes(svc: ContainerService): HttpRoute[] {
  const inspect = (rec: ContainerRecord) => inspectContainer(rec, { logPath: svc.logPath(rec), ...rootfsPaths(svc.store.dir(rec.id)) });
  const timeoutParam = (ctx: RequestContext) => {
    const t = ctx.query.get("t") ?? ctx.query.get("timeout");
    if (t === null || t === "") return undefined;
    if (!/^-?\d+$/.test(t)) throw invalidArgument(`invalid value for t: ${t}`);
    return Number(t);
  };
  return [
    {
      method: "POST",
      pattern: "/containers/create",
      async handle(ctx, res) {
        // dockerd takes create bodies of any size (a 50 MB one is created); wharfd takes up to CREATE_BODY_LIMIT,
        // so a client cannot make it buffer without bound.
        const body = await readJsonBody(ctx.req, CREATE_BODY_LIMIT);
        checkCreateBodyTypes(body);
        const rec = await svc.create(body, ctx.query.get("name") || null);
        ctx.log.info({ id: rec.id, name: rec.name }, "container created");
        writeJson(res, 201, { Id: rec.id, Warnings: [] });
      },
    },
    {
      method: "POST",
      pattern: "/containers/prune",
      async handle(ctx, res) {
        // dockerd's prune: every container not running/paused (label filters honoured), SpaceReclaimed = upper dirs.
        const labels = listContainers(svc.store.all(), new URLSearchParams({ all: "1", ...(ctx.query.get("filters") ? { filters: ctx.query.get("filters")! } : {}) })).map((c) => c.Id as string);
        const deleted: string[] = [];
        for (const id of labels) {
          const rec = svc.store.find(id);
          // Restarting counts as running for dockerd's prune too.
          if (!rec || rec.state.status === "running" || rec.state.status === "paused" || rec.state.status === "restarting" || rec.state.status === "removing") continue;
          await svc.remove(id, { force: false }).then(() => deleted.push(id), () => {});
        }
        writeJson(res, 200, { ContainersDeleted: deleted.length ? deleted : null, SpaceReclaimed: 0 });
      },
    },
    { method: "GET", pattern: "/containers/json", handle: (ctx, res) => writeJson(res, 200, listContainers(svc.store.all(), ctx.query)) },
    { method: "GET", pattern: "/containers/{id}/json", handle: (ctx, res) => writeJson(res, 200, inspect(svc.store.get(ctx.params.id!))) },
    { method: "GET", pattern: "/containers/{id}/top", handle: async (ctx, res) => writeJson(res, 200, await topContainer(svc.store.get(ctx.params.id!), ctx.query.get("ps_args") ?? "")) },
    {
      method: "GET",
      pattern: "/containers/{id}/stats",
      async handle(ctx, res) {
        const rec = svc.store.get(ctx.params.id!);
        const stream = !["0", "false"].includes(ctx.query.get("stream") ?? "1");
        if (!stream) return writeJson(res, 200, await statsOnce(rec, ["1", "true"].includes(ctx.query.get("one-shot") ?? "") ? 0 : 1000));
        // Streaming: one object per second until the client goes away or the container stops.
        res.writeHead(200, { "Content-Type": "application/json" });
        let closed = false;
        res.on("close", () => (closed = true));
        while (!closed) {
          const cur = svc.store.find(rec.id);
          if (!cur) break;
          res.write(`${JSON.stringify(await statsOnce(cur))}\n`);
          if (cur.state.status !== "running" && cur.state.status !== "paused") break;
        }
        res.end();
      },
    },
    {
      method: "POST",
      pattern: "/containers/{id}/start",
      async handle(ctx, res) {
        const r = await svc.start(ctx.params.id!);
        noContent(res, r === "already" ? 304 : 204);
      },
    },
    {
      method: "POST",
      pattern: "/containers/{id}/stop",
      async handle(ctx, res) {
        const r = await svc.stop(ctx.params.id!, timeoutParam(ctx));
        noContent(res, r === "already" ? 304 : 204);
      },
    },
    {
      method: "POST",
      pattern: "/containers/{id}/restart",
      async handle(ctx, res) {
        await svc.restart(ctx.params.id!, timeoutParam(ctx));
        noContent(res);
      },
    },
    {
      method: "POST",
      pattern: "/containers/{id}/kill",
      async handle(ctx, res) {
        await svc.kill(ctx.params.id!, ctx.query.get("signal") || "SIGKILL");
        noContent(res);
      },
    },
    { method: "POST", pattern: "/containers/{id}/pause", handle: async (ctx, res) => (await svc.pause(ctx.params.id!), noContent(res)) },
    { method: "POST", pattern: "/containers/{id}/unpause", handle: async (ctx, res) => (await svc.unpause(ctx.params.id!), noContent(res)) },
    {
      method: "POST",
      pattern: "/containers/{id}/rename",
      handle: (ctx, res) => {
        svc.rename(ctx.params.id!, ctx.query.get("name") ?? "");
        noContent(res);
      },
    },
    {
      method: "DELETE",
      pattern: "/containers/{id}",
      async handle(ctx, res) {
        if (flag(ctx, "link")) throw invalidArgument("links are not supported by wharfd");
        await svc.remove(ctx.params.id!, { force: flag(ctx, "force"), volumes: flag(ctx, "v") });
        noContent(res);
      },
    },
    {
      method: "POST",
      pattern: "/containers/{id}/wait",
      async handle(ctx, res) {
        const condition = (ctx.query.get("condition") || "not-running") as WaitCondition;
        if (!WAIT_CONDITIONS.includes(condition)) throw invalidArgument(`invalid condition: "${condition}"`);
        const done = svc.wait(ctx.params.id!, condition);
        // The CLI blocks on these headers before it sends start (engine-protocol-notes.md "Gotchas").
        res.writeHead(200, { "Content-Type": "application/json" });
        res.flushHeaders();
        const code = await done;
        res.end(`${JSON.stringify({ StatusCode: code, Error: null })}\n`);
      },
    },
    {
      method: "POST",
      pattern: "/containers/{id}/resize",
      async handle(ctx, res) {
        const rec = svc.store.get(ctx.params.id!);
        const h = Number(ctx.query.get("h") ?? 0);
        const w = Number(ctx.query.get("w") ?? 0);
        if (!rec.config.Tty || (rec.state.status !== "running" && rec.state.status !== "paused")) return noContent(res, 200);
        const conn = await import("../../containers/shim-client.js").then((m) => m.ShimConnection.open(`${svc.stateDir(rec)}/attach.sock`));
        const p = Buffer.alloc(4);
        p.writeUInt16BE(h, 0);
        p.writeUInt16BE(w, 2);
        await conn.request(FRAME.resize, p);
        svc.emit(rec, "resize", { height: String(h), width: String(w) });
        conn.close();
        noContent(res, 200);
      },
    },
    {
      method: "GET",
      pattern: "/containers/{id}/logs",
      async handle(ctx, res) {
        const rec = svc.store.get(ctx.params.id!);
        const stdout = flag(ctx, "stdout");
        const stderr = flag(ctx, "stderr");
        if (!stdout && !stderr) throw invalidArgument("Bad parameters: you must choose at least one stream");
        const tailQ = ctx.query.get("tail") ?? "all";
        const tail = tailQ === "all" || tailQ === "" ? -1 : Number(tailQ);
        const tty = rec.config.Tty === true;
        res.writeHead(200, { "Content-Type": tty ? "application/vnd.docker.raw-stream" : "application/vnd.docker.multiplexed-stream" });
        res.flushHeaders();
        let closed = false;
        res.on("close", () => (closed = true));
        const isRunning = () => {
          const r = svc.store.find(rec.id);
          return !!r && (r.state.status === "running" || r.state.status === "paused");
        };
        await streamLogs(
          svc.logPath(rec),
          { stdout, stderr, sinceNs: parseUnixParam(ctx.query.get("since")), untilNs: parseUnixParam(ctx.query.get("until")), timestamps: flag(ctx, "timestamps"), tail: Number.isNaN(tail) ? -1 : tail, follow: flag(ctx, "follow"), tty },
          (b) => res.write(b),
          isRunning,
          () => closed,
        );
        res.end();
      },
    },
    {
      method: "POST",
      pattern: "/containers/{id}/attach",
      handle() {
        throw invalidArgument("attach needs an HTTP upgrade (Connection: Upgrade, Upgrade: tcp)");
      },
      async upgrade(ctx, socket, head) {
        const rec = svc.store.get(ctx.params.id!);
        attachHijacked(svc, rec, ctx, socket, head);
        svc.emit(rec, "attach");
      },
    },
    {
      method: "GET",
      pattern: "/containers/{id}/attach/ws",
      handle() {
        throw invalidArgument("attach/ws needs a websocket upgrade");
      },
      async upgrade(ctx, socket, head) {
        const rec = svc.store.get(ctx.params.id!);
        attachWebsocket(svc, rec, ctx, socket, head);
        svc.emit(rec, "attach");
      },
    },
  ];
}
