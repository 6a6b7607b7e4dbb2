// The newest audit entries first, optionally filtered (free-text search over user, action, target and
// detail; exact action/result/environment; a time window). The app only ever reads and appends this table.
import type { Database } from "../../db/client";

export const MAX_AUDIT_PAGE = 200;
export const MAX_AUDIT_EXPORT = 10_000;

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
  via: string | null;
  tokenId: string | null;
};

export type AuditFilter = {
  search?: string;
  action?: string;
  result?: string;
  environmentId?: string;
  from?: Date;
  to?: Date;
};

function whereOf(filter: AuditFilter) {
  const search = filter.search?.trim();
  return {
    ...(filter.action ? { action: filter.action } : {}),
    ...(filter.result ? { result: filter.result } : {}),
    ...(filter.environmentId ? { environmentId: filter.environmentId } : {}),
    ...(filter.from || filter.to ? { createdAt: { ...(filter.from ? { gte: filter.from } : {}), ...(filter.to ? { lte: filter.to } : {}) } } : {}),
    ...(search
      ? {
          OR: [
            { username: { contains: search } },
            { action: { contains: search } },
            { target: { contains: search } },
            { detail: { contains: search } },
            { address: { contains: search } },
          ],
        }
      : {}),
  };
}

const select = {
  id: true,
  createdAt: true,
  action: true,
  result: true,
  username: true,
  target: true,
  environmentId: true,
  address: true,
  detail: true,
  via: true,
  tokenId: true,
} as const;

export async function listAuditEntries(db: Database, limit: number, filter: AuditFilter = {}): Promise<AuditEntryView[]> {
  return db.auditLog.findMany({
    where: whereOf(filter),
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: Math.min(Math.max(limit, 1), MAX_AUDIT_PAGE),
    select,
  });
}

export async function listAuditEntriesForExport(db: Database, filter: AuditFilter = {}): Promise<AuditEntryView[]> {
  return db.auditLog.findMany({ where: whereOf(filter), orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: MAX_AUDIT_EXPORT, select });
}
