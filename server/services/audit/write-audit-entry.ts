// Appends one row to the audit log. Failures to write are logged, never thrown: auditing must not turn a
// successful action into an error for the user.
import type { Database } from "../../db/client";
import type { Logger } from "../../log";

export const AUDIT_RESULTS = ["success", "failure", "refused"] as const;
export type AuditResult = (typeof AUDIT_RESULTS)[number];

export const AUDIT_ACTIONS = [
  "setup.create-admin",
  "auth.sign-in",
  "auth.sign-out",
  "environment.add",
  "environment.update",
  "environment.remove",
  "container.create",
  "container.start",
  "container.stop",
  "container.restart",
  "container.kill",
  "container.pause",
  "container.unpause",
  "container.remove",
  "container.rename",
  "container.console",
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export type AuditEntry = {
  action: AuditAction;
  result: AuditResult;
  userId?: string | null;
  username?: string | null;
  target?: string | null;
  environmentId?: string | null;
  address?: string | null;
  detail?: string | null;
};

export async function writeAuditEntry(db: Database, log: Logger, entry: AuditEntry): Promise<void> {
  try {
    await db.auditLog.create({ data: { ...entry } });
  } catch (error) {
    log.error({ err: error, action: entry.action }, "audit entry not written");
  }
}
