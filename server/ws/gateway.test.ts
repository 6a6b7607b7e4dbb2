// The gateway on a real HTTP server on loopback, with a real ws client.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { createLogger } from "../log";
import { createWsGateway, isGatewayPath } from "./gateway";
import { parseCookies } from "./authenticate-upgrade";

const user = { id: "u1", username: "admin", isAdmin: true, disabled: false };
const cleanups: Array<() => Promise<void>> = [];

afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function startServer(): Promise<string> {
  const gateway = createWsGateway({
    log: createLogger("silent"),
    authenticate: async (req) => (parseCookies(req.headers.cookie).get("authjs.session-token") === "good" ? user : null),
    channels: {
      echo: (ws, params, who, _log, address) =>
        ws.on("message", () => ws.send(JSON.stringify({ type: "hello", user: who.username, container: params.get("containerId"), address }))),
    },
  });
  const server = http.createServer((_req, res) => res.end("http"));
  server.on("upgrade", (req, socket, head) => {
    if (isGatewayPath(req.url)) gateway.handleUpgrade(req, socket, head);
    else socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  cleanups.push(async () => {
    await gateway.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return `ws://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function connect(url: string, cookie?: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers: cookie ? { cookie } : {} });
    ws.once("open", () => resolve(ws));
    ws.once("unexpected-response", (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once("error", reject);
  });
}

function nextMessage(ws: WebSocket): Promise<unknown> {
  return new Promise((resolve) => ws.once("message", (data) => resolve(JSON.parse(data.toString()))));
}

describe("ws gateway", () => {
  it("refuses an upgrade without a valid session cookie with HTTP 401", async () => {
    const base = await startServer();
    await expect(connect(`${base}/ws/gateway`)).rejects.toThrow("HTTP 401");
    await expect(connect(`${base}/ws/gateway`, "authjs.session-token=forged")).rejects.toThrow("HTTP 401");
  });

  it("answers ping with pong for a signed-in session, and explains unknown messages", async () => {
    const base = await startServer();
    const ws = await connect(`${base}/ws/gateway`, "other=1; authjs.session-token=good");
    cleanups.push(async () => void ws.close());
    ws.send(JSON.stringify({ type: "ping", id: "7" }));
    expect(await nextMessage(ws)).toMatchObject({ type: "pong", id: "7" });
    ws.send(JSON.stringify({ type: "subscribe" }));
    expect(await nextMessage(ws)).toEqual({ type: "error", message: "unknown message type: subscribe" });
    ws.send("not json");
    expect(await nextMessage(ws)).toEqual({ type: "error", message: "messages must be JSON" });
  });

  it("routes /ws/<channel> to its handler with the query and the user, and refuses unknown channels", async () => {
    const base = await startServer();
    const ws = await connect(`${base}/ws/echo?containerId=abc`, "authjs.session-token=good");
    cleanups.push(async () => void ws.close());
    const reply = nextMessage(ws);
    ws.send("{}");
    expect(await reply).toEqual({ type: "hello", user: "admin", container: "abc", address: "127.0.0.1" });
    await expect(connect(`${base}/ws/echo`)).rejects.toThrow("HTTP 401");
    await expect(connect(`${base}/ws/nothing`, "authjs.session-token=good")).rejects.toThrow("HTTP 404");
  });

  it("only takes paths under /ws/", () => {
    expect(isGatewayPath("/ws/gateway")).toBe(true);
    expect(isGatewayPath("/_next/webpack-hmr")).toBe(false);
    expect(isGatewayPath(undefined)).toBe(false);
  });
});
