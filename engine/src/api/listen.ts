// Opens the API listeners named by --host: unix sockets (mode 0660, a stale socket file from a crashed daemon is
// replaced, a live one is an error) and TCP, with mutual TLS when --tlsverify is given.
import { createServer as createHttpServer, type Server } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import { createConnection } from "node:net";
import { chmodSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { dirname } from "node:path";
import type { DaemonConfig, ListenAddress } from "../config/daemon-config.js";
import { EngineError } from "../errors.js";
import type { createRequestHandler, createUpgradeHandler } from "./handle-request.js";

export interface Listener {
  address: ListenAddress;
  server: Server;
  close(): Promise<void>;
}

type Handlers = { request: ReturnType<typeof createRequestHandler>; upgrade: ReturnType<typeof createUpgradeHandler> };

export async function openListeners(config: DaemonConfig, handlers: Handlers): Promise<Listener[]> {
  const listeners: Listener[] = [];
  try {
    for (const address of config.hosts) listeners.push(await openListener(address, config, handlers));
  } catch (err) {
    await Promise.all(listeners.map((l) => l.close()));
    throw err;
  }
  return listeners;
}

async function openListener(address: ListenAddress, config: DaemonConfig, handlers: Handlers): Promise<Listener> {
  const server =
    address.kind === "tcp" && config.tls
      ? createHttpsServer({
          cert: readFileSync(config.tls.cert),
          key: readFileSync(config.tls.key),
          ca: config.tls.caCert ? readFileSync(config.tls.caCert) : undefined,
          requestCert: config.tls.verify,
          rejectUnauthorized: config.tls.verify,
        })
      : createHttpServer();
  server.on("request", (req, res) => void handlers.request(req, res));
  server.on("upgrade", (req, socket, head) => void handlers.upgrade(req, socket, head));
  // Docker clients keep connections open (events, logs -f); never time them out server-side.
  server.requestTimeout = 0;
  server.headersTimeout = 60_000;
  server.keepAliveTimeout = 5_000;

  if (address.kind === "unix") {
    mkdirSync(dirname(address.path), { recursive: true, mode: 0o711 });
    await removeStaleSocket(address.path);
    await listen(server, () => server.listen(address.path));
    chmodSync(address.path, 0o660);
  } else {
    await listen(server, () => server.listen(address.port, address.host));
  }
  return {
    address,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
        if (address.kind === "unix") rmSync(address.path, { force: true });
      }),
  };
}

function listen(server: Server, start: () => void): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.once("listening", () => {
      server.off("error", reject);
      resolve();
    });
    start();
  });
}

/** A socket file nobody answers on is left over from a crash: remove it. One that answers belongs to a live daemon. */
async function removeStaleSocket(path: string): Promise<void> {
  const alive = await new Promise<boolean>((resolve) => {
    const c = createConnection(path);
    c.once("connect", () => {
      c.destroy();
      resolve(true);
    });
    c.once("error", () => resolve(false));
  });
  if (alive) throw new EngineError("Conflict", `another daemon is already listening on ${path}`);
  rmSync(path, { force: true });
}
