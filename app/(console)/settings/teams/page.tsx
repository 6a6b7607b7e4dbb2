import { PageHeader } from "../settings-ui";
import { TeamsPanel } from "./teams-panel";

export default function TeamsPage() {
  return (
    <div className="space-y-4">
      <PageHeader title="Teams" description="Groups of users that receive roles together. Team leaders manage their team's members." />
      <TeamsPanel />
    </div>
  );
}
