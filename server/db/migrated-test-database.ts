// Test support: a fresh SQLite database in a temp dir with every migration applied by the real Prisma CLI
// (`prisma migrate deploy`), exactly as the bootstrap does on start. Used by *.int.test.ts only.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createDatabase, type Database } from "./client";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

export type MigratedDatabases = {
  /** A new migrated database file; returns its file: URL. */
  createUrl(): string;
  /** Opens a connection (closed by cleanup). */
  open(url: string): Database;
  cleanup(): Promise<void>;
};

export function migratedDatabases(): MigratedDatabases {
  const dirs: string[] = [];
  const connections: Database[] = [];
  return {
    createUrl() {
      const dir = mkdtempSync(path.join(os.tmpdir(), "wharf-db-int-"));
      dirs.push(dir);
      const url = `file:${path.join(dir, "wharf.db")}`;
      execFileSync(path.join(repoRoot, "node_modules/.bin/prisma"), ["migrate", "deploy"], {
        cwd: repoRoot,
        env: { ...process.env, DATABASE_URL: url },
        stdio: "pipe",
      });
      return url;
    },
    open(url) {
      const db = createDatabase(url);
      connections.push(db);
      return db;
    },
    async cleanup() {
      for (const db of connections.splice(0)) await db.$disconnect();
      for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
    },
  };
}
