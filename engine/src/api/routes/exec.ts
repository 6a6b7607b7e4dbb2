// Exec endpoints: POST /containers/{id}/exec, POST /exec/{id}/start (hijacked unless Detach), POST
// /exec/{id}/resize, GET /exec/{id}/json. The start body arrives on the hijacked socket before stdin
// (engine-protocol-notes.md "Request sequences"); the stream closes only after the exit code is recorded.
import type { Duplex } from "node:stream";
import { invalidArgument } from "../../errors.js";
import type { ExecService } from "../../containers/exec-service.js";
import { writeJson } from "../http-errors.js";
import type { HttpRoute } from "../router.js";
import { readJsonBody } from "./read-json-body.js";
import { writeUpgraded } from "./upgrade-response.js";

export function execRoutes(execs: ExecService): HttpRoute[] {
  return [
    {
      method: "POST",
      pattern: "/containers/{id}/exec",
      async handle(ctx, res) {
        const e = execs.create(ctx.params.id!, await readJsonBody(ctx.req));
        writeJson(res, 201, { Id: e.id });
      },
    },
    {
      method: "POST",
      pattern: "/exec/{id}/start",
      async handle(ctx, res) {
        const body = await readJsonBody(ctx.req);
        const e = execs.get(ctx.params.id!);
        if (!body.Detach) throw invalidArgument("exec start without Detach needs an HTTP upgrade");
        void execs.start(e, { detach: true });
        res.writeHead(200);
        res.end();
      },
      async upgrade(ctx, socket, head) {
        const e = execs.get(ctx.params.id!);
        const length = Number(ctx.req.headers["content-length"] ?? 0);
        const rest = await readPrefix(socket, head, length);
        writeUpgraded(socket, e.tty);
        if (rest.length) socket.unshift(rest);
        await execs.start(e, { socket, detach: false });
        socket.end();
      },
    },
    {
      method: "POST",
      pattern: "/exec/{id}/resize",
      handle: (ctx, res) => {
        execs.get(ctx.params.id!);
        res.writeHead(201);
        res.end();
      },
    },
    { method: "GET", pattern: "/exec/{id}/json", handle: (ctx, res) => writeJson(res, 200, execs.inspect(execs.get(ctx.params.id!))) },
  ];
}

/** Reads `length` bytes of request body from head + socket; returns what came after it. */
function readPrefix(socket: Duplex, head: Buffer, length: number): Promise<Buffer> {
  return new Promise((resolve) => {
    let buf = head;
    const check = () => {
      if (buf.length >= length) {
        socket.off("data", onData);
        socket.pause();
        resolve(buf.subarray(length));
        return true;
      }
      return false;
    };
    const onData = (d: Buffer) => {
      buf = Buffer.concat([buf, d]);
      check();
    };
    if (!check()) socket.on("data", onData);
  });
}
