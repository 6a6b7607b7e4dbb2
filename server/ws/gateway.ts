// The websocket gateway: live channels for the browser on the web server's own port, under /ws/.
// Protocol (JSON text frames): client {"type":"ping","id"?:string} → server {"type":"pong","id","time"}.
// Unknown types get {"type":"error","message"}. Other paths (/ws/<channel>?params) are channels: one
// stream per connection (logs, stats, console), handled by the `channels` given at creation; closing the
// socket ends the stream.
// Every upgrade is authenticated by the session cookie first; without one the answer is HTTP 401.
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { WebSocketServer, type WebSocket } from "ws";
import type { Logger } from "../log";
import type { SessionUser } from "../services/auth/get-principal";

export const WS_PATH_PREFIX = "/ws/";

/** Serves one channel connection; owns `ws` until it closes. */
export type WsChannelHandler = (
  ws: WebSocket,
  params: URLSearchParams,
  user: SessionUser,
  log: Logger,
  /** the socket's peer address (never a client-supplied header) */
  clientAddress: string,
) => void;

export type WsGatewayOptions = {
  log: Logger;
  authenticate: (req: IncomingMessage) => Promise<SessionUser | null>;
  /** by channel name: /ws/<name> */
  channels?: Record<string, WsChannelHandler>;
};

export type WsGateway = {
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  close(): Promise<void>;
};

export function isGatewayPath(url: string | undefined): boolean {
  return (url ?? "").startsWith(WS_PATH_PREFIX);
}

function refuse(socket: Duplex, status: number, reason: string): void {
  const body = JSON.stringify({ message: reason });
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

export function createWsGateway(options: WsGatewayOptions): WsGateway {
  const wss = new WebSocketServer({ noServer: true, maxPayload: 1 << 20 });

  wss.on("connection", (ws: WebSocket, req: IncomingMessage, user: SessionUser) => {
    const log = options.log.child({ component: "ws", userId: user.id });
    log.debug("websocket connected");
    const url = new URL(req.url ?? "/", "http://gateway");
    const channel = url.pathname.slice(WS_PATH_PREFIX.length);
    const handler = options.channels && Object.hasOwn(options.channels, channel) ? options.channels[channel] : undefined;
    if (handler) {
      handler(ws, url.searchParams, user, log.child({ channel }), req.socket.remoteAddress ?? "unknown");
      return;
    }
    ws.on("message", (data, isBinary) => {
      if (isBinary) return send(ws, { type: "error", message: "binary frames are not supported" });
      let message: { type?: unknown; id?: unknown };
      try {
        message = JSON.parse(data.toString());
      } catch {
        return send(ws, { type: "error", message: "messages must be JSON" });
      }
      switch (message.type) {
        case "ping":
          return send(ws, { type: "pong", id: message.id ?? null, time: new Date().toISOString() });
        default:
          return send(ws, { type: "error", message: `unknown message type: ${String(message.type)}` });
      }
    });
    ws.on("close", () => log.debug("websocket closed"));
  });

  return {
    handleUpgrade(req, socket, head) {
      const channel = new URL(req.url ?? "/", "http://gateway").pathname.slice(WS_PATH_PREFIX.length);
      if (channel !== "gateway" && !(options.channels && Object.hasOwn(options.channels, channel))) {
        return refuse(socket, 404, "Not Found");
      }
      options.authenticate(req).then(
        (user) => {
          if (!user) return refuse(socket, 401, "Unauthorized");
          wss.handleUpgrade(req, socket, head, (ws) => wss.emit("connection", ws, req, user));
        },
        (error) => {
          options.log.error({ err: error }, "websocket authentication failed");
          refuse(socket, 500, "Internal Server Error");
        },
      );
    },
    close() {
      for (const client of wss.clients) client.close(1001, "server shutting down");
      return new Promise((resolve) => wss.close(() => resolve()));
    },
  };
}

function send(ws: WebSocket, message: object): void {
  ws.send(JSON.stringify(message));
}
