// Exec endpoints: POST /containers/{id}/exec, POST /exec/{id}/start (hijacked unless Detach), POST
// /exec/{id}/resize, GET /exec/{id}/json. The start body arrives on the hijacked socket before stdin
// (engine-protocol-notes.md "Request sequences"); the stream closes only after the exit code is recorded.
// Resize reaches the exec's PTY through its shim (ExecService.resize).
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
        void execs.start(e, { detach: true }).catch(() => {}); // refusals are thrown before the first await
        res.writeHead(200);
        res.end();
      },
      async upgrade(ctx, socket, head) {
        const e = execs.get(ctx.params.id!);
        const length = Number(ctx.req.headers["content-length"] ?? 0);
        const { body, rest } = await readPrefix(socket, head, length);
        writeUpgraded(socket, e.tty);
        if (rest.length) socket.unshift(rest);
        await execs.start(e, { socket, detach: false, consoleSize: consoleSizeOf(body) });
        socket.end();
      },
    },
    {
      method: "POST",
      pattern: "/exec/{id}/resize",
      async handle(ctx, res) {
        const e = execs.get(ctx.params.id!);
        const h = Number(ctx.query.get("h") ?? 0);
        const w = Number(ctx.query.get("w") ?? 0);
        if (!Number.isInteger(h) || !Number.isInteger(w) || h < 0 || w < 0 || h > 0xffff || w > 0xffff) throw invalidArgument(`invalid resize ${ctx.query.get("h")}x${ctx.query.get("w")}`);
        await execs.resize(e, h, w);
        res.writeHead(200); // dockerd's status (it writes no body)
        res.end();
      },
    },
    { method: "GET", pattern: "/exec/{id}/json", handle: (ctx, res) => writeJson(res, 200, execs.inspect(execs.get(ctx.params.id!))) },
  ];
}

/** ConsoleSize [rows, cols] of an exec start body (API ≥ 1.42; the docker CLI sends it with -t). */
function consoleSizeOf(body: Buffer): [number, number] | undefined {
  try {
    const size = JSON.parse(body.toString("utf8") || "{}").ConsoleSize;
    if (Array.isArray(size) && size.length === 2 && size.every((n) => Number.isInteger(n) && n > 0 && n <= 0xffff)) return [size[0], size[1]];
  } catch {
    // a malformed body only loses the initial size; the CLI resizes again
  }
  return undefined;
}

/** Reads `length` bytes of request body from head + socket; returns it and what came after it. */
function readPrefix(socket: Duplex, head: Buffer, length: number): Promise<{ body: Buffer; rest: Buffer }> {
  return new Promise((resolve) => {
    let buf = head;
    const check = () => {
      if (buf.length >= length) {
        socket.off("data", onData);
        socket.pause();
        resolve({ body: buf.subarray(0, length), rest: buf.subarray(length) });
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
