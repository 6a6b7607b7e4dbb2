// The audit log: read, search and export only (append-only from the app's side: no update/delete here).
import "server-only";
import { z } from "zod";
import { createTRPCRouter, procedureFor } from "../init";
import { listAuditEntries, listAuditEntriesForExport, MAX_AUDIT_PAGE } from "../../services/audit/list-audit-entries";
import { formatAuditCsv } from "../../services/audit/audit-csv";
import { AUDIT_RESULTS, writeAuditEntry } from "../../services/audit/write-audit-entry";

const filter = z.object({
  search: z.string().max(200).optional(),
  action: z.string().max(100).optional(),
  result: z.enum(AUDIT_RESULTS).optional(),
  // Filters the log by environment; the log itself is global (audit:read), so this is not an access target.
  environmentId: z.string().max(100).optional(),
  from: z.date().optional(),
  to: z.date().optional(),
});

export const auditRouter = createTRPCRouter({
  list: procedureFor("audit:read", { environmentIdFrom: null })
    .input(filter.extend({ limit: z.number().int().min(1).max(MAX_AUDIT_PAGE).default(50) }).default({ limit: 50 }))
    .query(({ ctx, input }) => {
      const { limit, ...rest } = input;
      return listAuditEntries(ctx.db, limit, rest);
    }),

  exportCsv: procedureFor("audit:read", { environmentIdFrom: null })
    .input(filter.default({}))
    .query(async ({ ctx, input }) => {
      const entries = await listAuditEntriesForExport(ctx.db, input);
      await writeAuditEntry(ctx.db, ctx.log, {
        action: "audit.export",
        result: "success",
        userId: ctx.user.id,
        username: ctx.user.username,
        address: ctx.clientAddress,
        detail: `${entries.length} rows`,
      });
      return { filename: `wharf-audit-${new Date().toISOString().slice(0, 19).replaceAll(":", "")}.csv`, rows: entries.length, csv: formatAuditCsv(entries) };
    }),
});
