// Port publishing (`-p`, `-P`): HostConfig.PortBindings / PublishAllPorts → concrete host ports, each reserved by
// a socket the engine holds while the container runs. The reservation is what makes "port in use" a clean error
// (another program, or another container) and keeps the port ours; traffic itself is DNATed by the nft table
// (firewall.ts) before it reaches these sockets. A TCP connection that does reach one (e.g. `--iptables=false`,
// like dockerd's userland proxy) is relayed to the container.
import { createSocket, type Socket as UdpSocket } from "node:dgram";
import { connect, createServer, type Server } from "node:net";
import { EngineError, invalidArgument } from "../errors.js";

export const PORT_PROTOCOLS = ["tcp", "udp", "sctp"] as const;
export type PortProtocol = (typeof PORT_PROTOCOLS)[number];

/** One requested binding: container port → host address and port (0 = any free port), or a host port range. */
export interface PortRequest {
  proto: PortProtocol;
  containerPort: number;
  hostIp: string;
  hostPortLo: number;
  hostPortHi: number;
}

/** A published port as it is reported (inspect NetworkSettings.Ports, `docker port`, `docker ps`). */
export interface PublishedPort {
  proto: PortProtocol;
  containerPort: number;
  hostIp: string;
  hostPort: number;
}

/** "80/tcp" → [80, "tcp"]; Docker's default protocol is tcp. */
export function parsePortKey(key: string): { port: number; proto: PortProtocol } {
  const m = /^(\d{1,5})(?:\/(tcp|udp|sctp))?$/.exec(key);
  if (!m || Number(m[1]) < 1 || Number(m[1]) > 65535) throw invalidArgument(`invalid port specification: "${key}"`);
  return { port: Number(m[1]), proto: (m[2] ?? "tcp") as PortProtocol };
}

/* eslint-disable @typescript-eslint/no-explicit-any */
/** Validates and expands PortBindings (+ every exposed port with PublishAllPorts) without touching the host. */
export function portRequests(hostConfig: Record<string, any>, exposed: Record<string, unknown> | undefined): PortRequest[] {
  const out: PortRequest[] = [];
  const bindings = (hostConfig.PortBindings ?? {}) as Record<string, { HostIp?: string; HostPort?: string }[] | null>;
  for (const [key, list] of Object.entries(bindings)) {
    const { port, proto } = parsePortKey(key);
    for (const b of list ?? []) {
      const hostIp = b.HostIp ?? "";
      if (hostIp && !/^\d{1,3}(\.\d{1,3}){3}$/.test(hostIp)) {
        if (hostIp.includes(":")) continue; // IPv6 host addresses: IPv6 is not implemented; dockerd skips them too without ip6tables
        throw invalidArgument(`invalid IP address: ${hostIp}`);
      }
      const hp = b.HostPort ?? "";
      const m = /^(?:(\d{1,5})(?:-(\d{1,5}))?)?$/.exec(hp);
      if (!m) throw invalidArgument(`invalid port specification: "${hp}"`);
      const lo = m[1] ? Number(m[1]) : 0;
      const hi = m[2] ? Number(m[2]) : lo;
      if (lo > 65535 || hi > 65535 || hi < lo) throw invalidArgument(`invalid port specification: "${hp}"`);
      out.push({ proto, containerPort: port, hostIp, hostPortLo: lo, hostPortHi: hi });
    }
  }
  if (hostConfig.PublishAllPorts) {
    for (const key of Object.keys(exposed ?? {})) {
      const { port, proto } = parsePortKey(key);
      if (!out.some((r) => r.containerPort === port && r.proto === proto)) out.push({ proto, containerPort: port, hostIp: "", hostPortLo: 0, hostPortHi: 0 });
    }
  }
  return out;
}
/* eslint-enable @typescript-eslint/no-explicit-any */

/** A held host port; close() releases it. */
export interface Reservation extends PublishedPort {
  close(): void;
}

function listenTcp(host: string, port: number, target: () => { ip: string; port: number } | undefined): Promise<{ server: Server; port: number }> {
  return new Promise((resolve, reject) => {
    const server = createServer({ allowHalfOpen: true }, (client) => {
      const t = target();
      if (!t) return client.destroy();
      const upstream = connect(t.port, t.ip);
      client.pipe(upstream).on("error", () => client.destroy());
      upstream.pipe(client).on("error", () => upstream.destroy());
      client.on("error", () => upstream.destroy());
      upstream.on("error", () => client.destroy());
    });
    server.once("error", reject);
    server.listen({ host, port, exclusive: true }, () => {
      server.removeListener("error", reject);
      server.on("error", () => {});
      resolve({ server, port: (server.address() as { port: number }).port });
    });
  });
}

function bindUdp(host: string, port: number): Promise<{ socket: UdpSocket; port: number }> {
  return new Promise((resolve, reject) => {
    const socket = createSocket({ type: "udp4", reuseAddr: false });
    socket.once("error", reject);
    socket.bind({ address: host, port, exclusive: true }, () => {
      socket.removeListener("error", reject);
      socket.on("error", () => {});
      resolve({ socket, port: socket.address().port });
    });
  });
}

/**
 * Reserves the host port of `req` (the first free one of a range; any free one for 0). Errors are dockerd's:
 * 500 `... Bind for 0.0.0.0:8080 failed: port is already allocated` / `... address already in use`.
 */
export async function reservePort(req: PortRequest, endpoint: string, target: () => { ip: string; port: number } | undefined): Promise<Reservation> {
  const host = req.hostIp || "0.0.0.0";
  let lastErr: unknown;
  for (let p = req.hostPortLo; p <= req.hostPortHi; p++) {
    try {
      if (req.proto === "udp") {
        const { socket, port } = await bindUdp(host, p);
        return { proto: req.proto, containerPort: req.containerPort, hostIp: host, hostPort: port, close: () => socket.close() };
      }
      if (req.proto === "sctp") throw invalidArgument("sctp port publishing is not supported by wharfd");
      const { server, port } = await listenTcp(host, p, () => {
        const t = target();
        return t && { ip: t.ip, port: req.containerPort };
      });
      return { proto: req.proto, containerPort: req.containerPort, hostIp: host, hostPort: port, close: () => server.close() };
    } catch (err) {
      if (err instanceof EngineError) throw err;
      lastErr = err;
    }
  }
  const code = (lastErr as NodeJS.ErrnoException | undefined)?.code;
  const where = `${host}:${req.hostPortLo === req.hostPortHi ? req.hostPortLo : `${req.hostPortLo}-${req.hostPortHi}`}`;
  const reason = code === "EADDRINUSE"
    ? `Error starting userland proxy: listen ${req.proto}4 ${where}: bind: address already in use`
    : code === "EADDRNOTAVAIL"
      ? `Error starting userland proxy: listen ${req.proto}4 ${where}: bind: cannot assign requested address`
      : `Bind for ${where} failed: ${String(lastErr)}`;
  throw new EngineError("Internal", `driver failed programming external connectivity on endpoint ${endpoint}: ${reason}`);
}
