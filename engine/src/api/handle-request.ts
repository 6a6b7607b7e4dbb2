// Turns an HTTP request (or upgrade) into a route call: strips and checks the API version, sets the headers the
// docker CLI reads on every response, logs one line per request, and maps thrown errors through http-errors.ts.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Duplex } from "node:stream";
import { randomUUID } from "node:crypto";
import type { Logger } from "../log.js";
import { EngineError } from "../errors.js";
import { API_VERSION, splitApiVersion } from "./api-version.js";
import { STATUS_BY_KIND, toEngineError, writeError } from "./http-errors.js";
import type { RequestContext, Router } from "./router.js";
import { SERVER_HEADER } from "../version.js";

export const COMMON_HEADERS = {
  "Api-Version": API_VERSION,
  Ostype: "linux",
  Server: SERVER_HEADER,
  "Docker-Experimental": "false",
  "Builder-Version": "1",
} as const;

function resolve(router: Router, req: IncomingMessage, log: Logger): { ctx: RequestContext; route: ReturnType<Router["match"]> } {
  const url = new URL(req.url ?? "/", "http://wharf");
  const { version, path } = splitApiVersion(url.pathname);
  const ctx: RequestContext = {
    req,
    params: {},
    query: url.searchParams,
    apiVersion: version,
    log: log.child({ requestId: randomUUID().slice(0, 8), method: req.method, path }),
  };
  const route = router.match(req.method ?? "GET", path);
  if (route && route !== "method-not-allowed") ctx.params = route.params;
  return { ctx, route };
}

/**
 * A client that hangs up mid-stream makes its socket emit "error" (ECONNRESET, EPIPE); an "error" nobody listens to
 * would end the whole daemon. Routes handle their own streams; this listener is the floor for every connection.
 */
function guardClientStream(stream: NodeJS.EventEmitter, log: Logger): void {
  stream.on("error", (err: NodeJS.ErrnoException) => log.debug({ code: err.code, err: err.message }, "client stream error"));
}

export function createRequestHandler(router: Router, log: Logger) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    for (const [k, v] of Object.entries(COMMON_HEADERS)) res.setHeader(k, v);
    guardClientStream(req, log);
    guardClientStream(res, log);
    const started = process.hrtime.bigint();
    try {
      const { ctx, route } = resolve(router, req, log);
      if (!route) throw new EngineError("NotFound", "page not found");
      if (route === "method-not-allowed") throw new EngineError("NotFound", "page not found");
      await route.route.handle(ctx, res);
      ctx.log.debug({ status: res.statusCode, ms: Number(process.hrtime.bigint() - started) / 1e6 }, "request");
    } catch (err) {
      const e = toEngineError(err);
      const status = STATUS_BY_KIND[e.kind];
      (status >= 500 ? log.error : log.info).call(log, { method: req.method, url: req.url, status, err: e.message }, "request failed");
      writeError(res, e);
    }
  };
}

/** Routes an HTTP upgrade (Connection: Upgrade) to the route's upgrade() handler; otherwise answers with an error. */
export function createUpgradeHandler(router: Router, log: Logger) {
  return async (req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> => {
    guardClientStream(socket, log);
    try {
      const { ctx, route } = resolve(router, req, log);
      if (!route || route === "method-not-allowed" || !route.route.upgrade) throw new EngineError("NotFound", "page not found");
      await route.route.upgrade(ctx, socket, head);
    } catch (err) {
      const e = toEngineError(err);
      const body = JSON.stringify({ message: e.message });
      const headers = Object.entries(COMMON_HEADERS).map(([k, v]) => `${k}: ${v}\r\n`).join("");
      socket.end(
        `HTTP/1.1 ${STATUS_BY_KIND[e.kind]} ${e.kind}\r\n${headers}Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
      );
    }
  };
}
