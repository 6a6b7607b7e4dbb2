// One raw Engine API request over a unix socket, for what the docker CLI never sends (malformed bodies, exact
// status codes, archive headers) or to drive the API faster than the CLI. Works against wharfd and dockerd alike.
import { type Agent, type IncomingHttpHeaders, request } from "node:http";

export interface EngineResponse {
  status: number;
  headers: IncomingHttpHeaders;
  /** The body as received. */
  raw: Buffer;
  /** The body as UTF-8 text. */
  body: string;
}

/** `body`: a string or Buffer is sent as is, anything else as JSON. Content-Type is application/json unless given. */
export function engineRequest(socketPath: string, method: string, path: string, body?: unknown, opts: { contentType?: string; agent?: Agent } = {}): Promise<EngineResponse> {
  const payload = body === undefined ? undefined : typeof body === "string" || Buffer.isBuffer(body) ? body : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const headers = { host: "docker", "content-type": opts.contentType ?? "application/json" };
    const req = request({ socketPath, method, path, headers, ...(opts.agent ? { agent: opts.agent } : {}) }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (d: Buffer) => chunks.push(d));
      res.on("end", () => {
        const raw = Buffer.concat(chunks);
        resolve({ status: res.statusCode ?? 0, headers: res.headers, raw, body: raw.toString("utf8") });
      });
    });
    req.on("error", reject);
    req.end(payload);
  });
}

/** The same request with the body parsed as JSON (undefined when empty). */
export async function engineJson(socketPath: string, method: string, path: string, body?: unknown): Promise<{ status: number; json: any }> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const r = await engineRequest(socketPath, method, path, body);
  return { status: r.status, json: r.body ? JSON.parse(r.body) : undefined };
}
