// Probing real Docker-API-speaking servers on unix sockets in a temp dir: one that answers, one that
// hangs, and a socket that does not exist.
import http from "node:http";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { probeEnvironment } from "./probe-environment";

const dir = mkdtempSync(path.join(os.tmpdir(), "wharf-probe-"));
const servers: http.Server[] = [];

afterAll(async () => {
  for (const s of servers) {
    s.closeAllConnections();
    await new Promise<void>((resolve) => s.close(() => resolve()));
  }
  rmSync(dir, { recursive: true, force: true });
});

async function serve(name: string, handler: http.RequestListener): Promise<string> {
  const socketPath = path.join(dir, name);
  const server = http.createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(socketPath, resolve));
  return `unix://${socketPath}`;
}

describe("probeEnvironment", () => {
  it("reports an answering engine as up with its name and versions", async () => {
    const url = await serve("engine.sock", (req, res) => {
      if (req.url?.endsWith("/_ping")) return res.end("OK");
      if (req.url?.endsWith("/version")) {
        res.setHeader("Content-Type", "application/json");
        return res.end(
          JSON.stringify({ Platform: { Name: "Test Engine" }, Version: "1.2.3", ApiVersion: "1.50", Os: "linux", Arch: "amd64" }),
        );
      }
      res.statusCode = 404;
      res.end();
    });
    expect(await probeEnvironment(url)).toEqual({
      status: "up",
      engine: { name: "Test Engine", version: "1.2.3", apiVersion: "1.50", os: "linux", arch: "amd64" },
    });
  });

  it("reports a hung engine as down within the timeout", async () => {
    const url = await serve("hung.sock", () => {
      /* never answers */
    });
    const started = Date.now();
    const result = await probeEnvironment(url, 500);
    expect(result.status).toBe("down");
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it("reports a missing socket as down with a readable reason", async () => {
    expect(await probeEnvironment(`unix://${path.join(dir, "absent.sock")}`)).toEqual({
      status: "down",
      error: "engine socket not found",
    });
  });
});
