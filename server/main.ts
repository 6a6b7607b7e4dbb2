// The control-plane web server: Next.js (pages, tRPC, next-auth) and the websocket gateway on one port.
// Started by scripts/wharf.mjs (`npx tsx server/main.ts`) with the environment described in server/config.ts.
import http from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import next from "next";
import { getConfig } from "./config";
import { getLogger } from "./log";
import { getDb } from "./db/client";
import { CLIENT_ADDRESS_HEADER } from "./auth/client-address";
import { createWsGateway, isGatewayPath } from "./ws/gateway";
import { authenticateUpgrade } from "./ws/authenticate-upgrade";
import { createContainerChannels } from "./ws/channels/index";
import { startEnvironmentPoller } from "./services/environments/environment-poller";
import { registerLocalEnvironment } from "./services/environments/register-local-environment";

const SHUTDOWN_GRACE_MS = 5000;

async function main(): Promise<void> {
  const config = getConfig();
  const log = getLogger();
  const db = getDb();
  const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

  const local = await registerLocalEnvironment(db, config.engineHost);
  log.info({ environmentId: local.id, engineHost: config.engineHost }, "local environment registered");

  const dev = config.nodeEnv !== "production";
  let handle: ((req: http.IncomingMessage, res: http.ServerResponse) => Promise<void>) | undefined;

  const server = http.createServer((req, res) => {
    // The only trusted source of the client address: the socket. Overwrites anything the client sent.
    req.headers[CLIENT_ADDRESS_HEADER] = req.socket.remoteAddress ?? "unknown";
    if (!handle) {
      res.writeHead(503, { "Retry-After": "1" }).end("starting");
      return;
    }
    handle(req, res).catch((error: unknown) => {
      log.error({ err: error, url: req.url }, "request failed");
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });

  // Upgrades: Next attaches its own "upgrade" listener to `httpServer` (on the first request it handles);
  // it serves HMR (/_next/hmr in dev) and deliberately leaves paths that match no route alone "as user's
  // custom WS server may be listening on the same path" (next/dist/server/lib/router-server.js). So this
  // listener takes only /ws/* and Next's takes the rest; no upgrade is handled twice.
  const gateway = createWsGateway({
    log,
    authenticate: (req) => authenticateUpgrade(req, db, config.authSecret),
    channels: createContainerChannels(db),
  });
  startEnvironmentPoller(db, log);
  server.on("upgrade", (req, socket, head) => {
    if (!isGatewayPath(req.url)) return;
    req.headers[CLIENT_ADDRESS_HEADER] = req.socket.remoteAddress ?? "unknown";
    gateway.handleUpgrade(req, socket, head);
  });

  const app = next({ dev, dir, hostname: config.hostname, port: config.port, httpServer: server });
  await app.prepare();
  handle = app.getRequestHandler();

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(config.port, config.hostname, () => resolve());
  });
  const shownHost = config.hostname === "0.0.0.0" || config.hostname === "::" ? "127.0.0.1" : config.hostname;
  log.info({ url: `http://${shownHost}:${config.port}`, dev, pid: process.pid }, "wharf control plane listening");

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, "shutting down");
    const force = setTimeout(() => {
      log.warn("shutdown grace period over; exiting");
      process.exit(1);
    }, SHUTDOWN_GRACE_MS);
    force.unref();
    void (async () => {
      await gateway.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      await app.close?.();
      await db.$disconnect();
      log.info("stopped");
      process.exit(0);
    })();
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
}

main().catch((error: unknown) => {
  // The logger may not exist yet (bad configuration): write one structured line to stderr.
  process.stderr.write(
    JSON.stringify({ level: "fatal", msg: "wharf control plane failed to start", error: String((error as Error)?.message ?? error) }) + "\n",
  );
  process.exit(1);
});
