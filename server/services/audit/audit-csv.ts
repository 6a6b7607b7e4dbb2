// Audit entries as CSV (RFC 4180: CRLF line ends, fields quoted when they hold a comma, quote or line
// break, quotes doubled). Cells that a spreadsheet would run as a formula (= + - @ at the start) get a
// leading apostrophe (OWASP "CSV injection").
import type { AuditEntryView } from "./list-audit-entries";

export const AUDIT_CSV_COLUMNS = ["time", "user", "via", "token", "action", "target", "environment", "result", "address", "detail"] as const;

export function csvCell(value: string | null | undefined): string {
  let text = value ?? "";
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function formatAuditCsv(entries: readonly AuditEntryView[]): string {
  const rows = entries.map((e) =>
    [e.createdAt.toISOString(), e.username, e.via, e.tokenId, e.action, e.target, e.environmentId, e.result, e.address, e.detail].map(csvCell).join(","),
  );
  return [AUDIT_CSV_COLUMNS.join(","), ...rows].join("\r\n") + "\r\n";
}
