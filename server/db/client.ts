// The Prisma client for the control-plane database (SQLite through the better-sqlite3 driver adapter).
// One instance per process (kept on globalThis so Next's module reloading doesn't open more connections).
// app/ must never import this module (enforced by tests/boundaries.test.ts).
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "./generated/client";
import { getConfig } from "../config";

export type Database = InstanceType<typeof PrismaClient>;

export function createDatabase(databaseUrl: string): Database {
  return new PrismaClient({ adapter: new PrismaBetterSQLite3({ url: databaseUrl }) });
}

const globalForDb = globalThis as unknown as { wharfDb?: Database };

export function getDb(): Database {
  globalForDb.wharfDb ??= createDatabase(getConfig().databaseUrl);
  return globalForDb.wharfDb;
}

/** True when `error` is Prisma's unique-constraint violation (P2002). */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "P2002";
}
