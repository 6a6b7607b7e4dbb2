// Who is making a change, as the RBAC services need it: the database, a logger, the signed-in principal and
// the socket address (for the audit log).
import type { Database } from "../../db/client";
import type { Logger } from "../../log";
import type { SessionUser } from "../auth/get-principal";
import { runAudited } from "./run-audited";
import type { AuditAction } from "./write-audit-entry";

export type Actor = { db: Database; log: Logger; user: SessionUser; clientAddress: string };

/**
 * Runs one change and appends its audit row: "success", or "failure" with the user-facing message; the
 * change's result or error passes through unchanged. The RBAC services' name for runAudited.
 */
export function auditChange<T>(
  actor: Actor,
  what: { action: AuditAction; target: string; environmentId?: string | null; detail?: string | null },
  change: () => Promise<T>,
): Promise<T> {
  return runAudited(actor, what, change);
}
