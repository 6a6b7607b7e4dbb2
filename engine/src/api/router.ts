// A small router for the Docker Engine API. Hand-written rather than a framework because the API needs things
// frameworks get in the way of: versioned and bare paths, image names containing slashes in the middle of a path
// (`/images/127.0.0.1:5000/busybox:latest/json`), and HTTP upgrades (attach/exec hijack) routed like requests.
//
// Patterns: `/containers/{id}/json`; `{name*}` matches one or more segments (greedy, may contain slashes).
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Duplex } from "node:stream";
import type { Logger } from "../log.js";

export const HTTP_METHODS = ["GET", "HEAD", "POST", "PUT", "DELETE"] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

export interface RequestContext {
  req: IncomingMessage;
  params: Record<string, string>;
  query: URLSearchParams;
  /** The API version the client asked for (from /vX.Y/), or the current one for bare paths. */
  apiVersion: string;
  log: Logger;
}

export interface HttpRoute {
  method: HttpMethod;
  pattern: string;
  handle(ctx: RequestContext, res: ServerResponse): Promise<void> | void;
  /** For hijacked endpoints (attach, exec start): called on the server's `upgrade` event instead of handle(). */
  upgrade?(ctx: RequestContext, socket: Duplex, head: Buffer): Promise<void> | void;
}

interface CompiledRoute {
  route: HttpRoute;
  regex: RegExp;
  names: string[];
}

export class Router {
  private readonly compiled: CompiledRoute[] = [];

  add(...routes: HttpRoute[]): this {
    for (const route of routes) this.compiled.push({ route, ...compilePattern(route.pattern) });
    return this;
  }

  /**
   * Finds the route for a method and (version-stripped) path. Returns `"method-not-allowed"` when the path exists
   * under another method, `undefined` when nothing matches. HEAD falls back to GET routes.
   */
  match(method: string, path: string): { route: HttpRoute; params: Record<string, string> } | "method-not-allowed" | undefined {
    let pathMatched = false;
    for (const c of this.compiled) {
      const m = c.regex.exec(path);
      if (!m) continue;
      pathMatched = true;
      if (c.route.method !== method && !(method === "HEAD" && c.route.method === "GET")) continue;
      const params: Record<string, string> = {};
      c.names.forEach((n, i) => (params[n] = decodeURIComponent(m[i + 1]!)));
      return { route: c.route, params };
    }
    return pathMatched ? "method-not-allowed" : undefined;
  }
}

export function compilePattern(pattern: string): { regex: RegExp; names: string[] } {
  const names: string[] = [];
  const source = pattern
    .split("/")
    .map((seg) => {
      const m = /^\{(\w+)(\*)?\}$/.exec(seg);
      if (!m) return seg.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      names.push(m[1]!);
      return m[2] ? "(.+)" : "([^/]+)";
    })
    .join("/");
  return { regex: new RegExp(`^${source}/?$`), names };
}
