// The authentication facts of the request being served (session or token, and which token), carried with
// AsyncLocalStorage from the tRPC access middleware to every writeAuditEntry call made while serving it, so
// services need not thread them through.
import { AsyncLocalStorage } from "node:async_hooks";
import type { AuditVia } from "./write-audit-entry";

export type AuditRequest = { via: AuditVia; tokenId: string | null };

const storage = new AsyncLocalStorage<AuditRequest>();

export function runWithAuditRequest<T>(request: AuditRequest, fn: () => T): T {
  return storage.run(request, fn);
}

export function currentAuditRequest(): AuditRequest | undefined {
  return storage.getStore();
}
