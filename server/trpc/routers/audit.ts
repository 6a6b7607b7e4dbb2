// The audit log (read-only).
import "server-only";
import { z } from "zod";
import { createTRPCRouter, procedureFor } from "../init";
import { listAuditEntries, MAX_AUDIT_PAGE } from "../../services/audit/list-audit-entries";

export const auditRouter = createTRPCRouter({
  list: procedureFor("audit:read")
    .input(z.object({ limit: z.number().int().min(1).max(MAX_AUDIT_PAGE).default(50) }).default({ limit: 50 }))
    .query(({ ctx, input }) => listAuditEntries(ctx.db, input.limit)),
});
