import { PageHeader } from "../settings-ui";
import { AuditPanel } from "./audit-panel";

export default function AuditPage() {
  return (
    <div className="space-y-4">
      <PageHeader title="Audit log" description="Every change, refused attempt and sign-in: who, how, what, where, when, result and source address." />
      <AuditPanel />
    </div>
  );
}
