// Who is making a change, as the RBAC services need it: the database, a logger, the signed-in principal and
// the socket address (for the audit log).
import type { Database } from "../../db/client";
import type { Logger } from "../../log";
import type { SessionUser } from "../auth/get-principal";
import { writeAuditEntry, type AuditAction } from "./write-audit-entry";

export type Actor = { db: Database; log: Logger; user: SessionUser; clientAddress: string };

/**
 * Runs one change and appends its audit row: "success", or "failure" with the user-facing message; the
 * change's result or error passes through unchanged.
 */
export async function auditChange<T>(
  actor: Actor,
  what: { action: AuditAction; target: string; environmentId?: string | null; detail?: string | null },
  change: () => Promise<T>,
): Promise<T> {
  const base = {
    action: what.action,
    userId: actor.user.id,
    username: actor.user.username,
    target: what.target,
    environmentId: what.environmentId ?? null,
    address: actor.clientAddress,
  };
  try {
    const result = await change();
    await writeAuditEntry(actor.db, actor.log, { ...base, result: "success", detail: what.detail ?? null });
    return result;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await writeAuditEntry(actor.db, actor.log, { ...base, result: "failure", detail: message.slice(0, 500) });
    throw error;
  }
}
