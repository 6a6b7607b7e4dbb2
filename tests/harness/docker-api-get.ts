// Minimal requests against a Docker Engine API over a unix socket or TLS TCP, for readiness (/_ping) and the
// teardown inventory (/networks). Tests talk to dockerd through the real CLI (dockerCli) instead.
import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";

export interface ApiTarget {
  socketPath?: string;
  tcp?: { host: string; port: number; ca: Buffer; cert: Buffer; key: Buffer };
}

export function dockerApiGet(target: ApiTarget, path: string, timeoutMs = 3_000): Promise<{ status: number; body: string }> {
  return dockerApiRequest(target, "GET", path, timeoutMs);
}

/** One bodiless request (GET, or e.g. POST /containers/{id}/kill). */
export function dockerApiRequest(
  target: ApiTarget,
  method: "GET" | "POST" | "DELETE",
  path: string,
  timeoutMs = 3_000,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const common = { method, path, timeout: timeoutMs };
    const req = target.tcp
      ? httpsRequest({ ...common, host: target.tcp.host, port: target.tcp.port, ca: target.tcp.ca, cert: target.tcp.cert, key: target.tcp.key })
      : httpRequest({ ...common, socketPath: target.socketPath, headers: { host: "docker" } });
    req.on("timeout", () => req.destroy(new Error(`GET ${path} timed out`)));
    req.on("error", reject);
    req.on("response", (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }));
      res.on("error", reject);
    });
    req.end();
  });
}
