// The newest audit entries first.
import type { Database } from "../../db/client";

export const MAX_AUDIT_PAGE = 200;

export type AuditEntryView = {
  id: string;
  createdAt: Date;
  action: string;
  result: string;
  username: string | null;
  target: string | null;
  environmentId: string | null;
  address: string | null;
  detail: string | null;
};

export async function listAuditEntries(db: Database, limit: number): Promise<AuditEntryView[]> {
  return db.auditLog.findMany({
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: Math.min(Math.max(limit, 1), MAX_AUDIT_PAGE),
    select: {
      id: true,
      createdAt: true,
      action: true,
      result: true,
      username: true,
      target: true,
      environmentId: true,
      address: true,
      detail: true,
    },
  });
}
