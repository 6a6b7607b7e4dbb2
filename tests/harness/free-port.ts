// Free TCP ports on 127.0.0.1, found by letting the kernel pick (bind to port 0) and releasing the socket.
// There is a small window in which another process can take the port; starters that use it (registry, dockerd
// TLS) retry with a new port when the server fails to bind.
import { createServer } from "node:net";

/** Returns a TCP port that was free on 127.0.0.1 a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once("error", reject);
    server.listen({ host: "127.0.0.1", port: 0, exclusive: true }, () => {
      const address = server.address();
      if (address === null || typeof address === "string") {
        server.close();
        reject(new Error("listen on port 0 returned no TCP address"));
        return;
      }
      server.close(() => resolve(address.port));
    });
  });
}
