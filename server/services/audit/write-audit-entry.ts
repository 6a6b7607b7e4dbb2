// Appends one row to the audit log. Failures to write are logged, never thrown: auditing must not turn a
// successful action into an error for the user.
import type { Database } from "../../db/client";
import type { Logger } from "../../log";
import { currentAuditRequest } from "./audit-context";

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
  "image.pull",
  "image.tag",
  "image.remove",
  "image.prune",
  "volume.create",
  "volume.remove",
  "volume.prune",
  "network.create",
  "network.remove",
  "network.prune",
  "network.connect",
  "network.disconnect",
  "access.denied",
  "user.create",
  "user.disable",
  "user.enable",
  "user.reset-password",
  "user.set-admin",
  "user.delete",
  "account.change-password",
  "team.create",
  "team.delete",
  "team.add-member",
  "team.remove-member",
  "team.set-leader",
  "role.create",
  "role.update",
  "role.delete",
  "binding.create",
  "binding.delete",
  "token.create",
  "token.revoke",
  "audit.export",
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** How the actor authenticated: a browser session or an API token. */
export const AUDIT_VIAS = ["session", "token"] as const;
export type AuditVia = (typeof AUDIT_VIAS)[number];

export type AuditEntry = {
  action: AuditAction;
  result: AuditResult;
  userId?: string | null;
  username?: string | null;
  target?: string | null;
  environmentId?: string | null;
  address?: string | null;
  detail?: string | null;
  via?: AuditVia | null;
  tokenId?: string | null;
};

export async function writeAuditEntry(db: Database, log: Logger, entry: AuditEntry): Promise<void> {
  try {
    // Entries written inside a tRPC request inherit how the caller authenticated (see audit-context.ts).
    const request = currentAuditRequest();
    const via = entry.via ?? request?.via ?? null;
    const tokenId = entry.tokenId ?? request?.tokenId ?? null;
    await db.auditLog.create({ data: { ...entry, via, tokenId } });
  } catch (error) {
    log.error({ err: error, action: entry.action }, "audit entry not written");
  }
}
