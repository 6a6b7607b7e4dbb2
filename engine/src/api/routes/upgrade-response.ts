// The hijack answer the docker CLI 28 requires: `HTTP/1.1 101 UPGRADED` (it rejects 200), with the stream's
// content type (engine-protocol-notes.md "Streams").
import type { Duplex } from "node:stream";
import { COMMON_HEADERS } from "../handle-request.js";

export function writeUpgraded(socket: Duplex, tty: boolean): void {
  const type = tty ? "application/vnd.docker.raw-stream" : "application/vnd.docker.multiplexed-stream";
  const headers = Object.entries(COMMON_HEADERS).map(([k, v]) => `${k}: ${v}\r\n`).join("");
  socket.write(`HTTP/1.1 101 UPGRADED\r\nContent-Type: ${type}\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n${headers}\r\n`);
}
