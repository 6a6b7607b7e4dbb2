// Prisma CLI configuration (Prisma 6.19.3, offline): the wasm ("js") schema engine plus the better-sqlite3
// driver adapter for DATABASE_URL. See /work/shared/stack-notes.md "Prisma offline" and prisma/README.md.
import { mkdirSync } from "node:fs";
import path from "node:path";
import { defineConfig } from "prisma/config";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join("prisma", "schema.prisma"),
  migrations: { path: path.join("prisma", "migrations") },
  async adapter() {
    const url = process.env.DATABASE_URL ?? "file:./data/wharf.db";
    // better-sqlite3 cannot create the parent directory of the database file; do it here so that
    // `prisma migrate deploy` / `migrate diff` work on a fresh checkout.
    mkdirSync(path.dirname(path.resolve(url.replace(/^file:/, ""))), { recursive: true });
    return new PrismaBetterSQLite3({ url });
  },
});
