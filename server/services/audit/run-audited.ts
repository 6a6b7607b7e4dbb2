// Runs one state-changing action and writes its audit row (success, or failure with the user-facing
// message) whatever happens; the action's result or error is passed through unchanged.
import type { Database } from "../../db/client";
import type { Logger } from "../../log";
import { writeAuditEntry, type AuditAction } from "./write-audit-entry";

export type AuditActor = { db: Database; log: Logger; user: { id: string; username: string }; clientAddress: string };

export async function runAudited<T>(
  actor: AuditActor,
  what: { action: AuditAction; target?: string | null; environmentId?: string | null; detail?: string | null },
  action: () => Promise<T>,
): Promise<T> {
  const base = {
    action: what.action,
    userId: actor.user.id,
    username: actor.user.username,
    target: what.target ?? null,
    environmentId: what.environmentId ?? null,
    address: actor.clientAddress,
  };
  try {
    const result = await action();
    await writeAuditEntry(actor.db, actor.log, { ...base, result: "success", detail: what.detail ?? null });
    return result;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await writeAuditEntry(actor.db, actor.log, { ...base, result: "failure", detail: message.slice(0, 500) });
    throw error;
  }
}
