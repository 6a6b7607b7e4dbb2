// The environment list over a real database: the local engine is registered once, and environments
// that are down never hold the list up.
import http from "node:http";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { migratedDatabases } from "../../db/migrated-test-database";
import { registerLocalEnvironment } from "./register-local-environment";
import { listEnvironments } from "./list-environments";

const databases = migratedDatabases();
const dir = mkdtempSync(path.join(os.tmpdir(), "wharf-envs-int-"));
const hung = http.createServer(() => {
  /* accepts, never answers */
});

afterAll(async () => {
  hung.closeAllConnections();
  await new Promise<void>((resolve) => hung.close(() => resolve()));
  rmSync(dir, { recursive: true, force: true });
  await databases.cleanup();
});

describe("listEnvironments", () => {
  it("registers the local engine once and follows a moved socket", async () => {
    const db = databases.open(databases.createUrl());
    await registerLocalEnvironment(db, "unix:///old/run/wharf.sock");
    await registerLocalEnvironment(db, "unix:///new/run/wharf.sock");
    const rows = await db.environment.findMany();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ name: "local", kind: "local", url: "unix:///new/run/wharf.sock" });
  });

  it("lists every environment within the probe timeout when all are down", async () => {
    const db = databases.open(databases.createUrl());
    const hungSocket = path.join(dir, "hung.sock");
    await new Promise<void>((resolve) => hung.listen(hungSocket, resolve));
    await registerLocalEnvironment(db, `unix://${path.join(dir, "missing.sock")}`);
    await db.environment.create({ data: { name: "hung", kind: "socket", url: `unix://${hungSocket}` } });
    await db.environment.create({ data: { name: "refused", kind: "tcp", url: "tcp://127.0.0.1:1" } });

    const started = Date.now();
    const list = await listEnvironments(db);
    const elapsed = Date.now() - started;

    expect(list.map((e) => [e.name, e.status])).toEqual([
      ["hung", "down"],
      ["local", "down"],
      ["refused", "down"],
    ]);
    expect(list.find((e) => e.name === "local")?.error).toBe("engine socket not found");
    expect(list.find((e) => e.name === "refused")?.error).toBe("connection refused");
    expect(elapsed).toBeLessThan(3000);
  });
});
