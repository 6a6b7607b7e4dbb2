import { PageHeader } from "../settings-ui";
import { UsersPanel } from "./users-panel";

export default function UsersPage() {
  return (
    <div className="space-y-4">
      <PageHeader title="Users" description="Who may sign in. Administrators hold every permission; other access comes from roles." />
      <UsersPanel />
    </div>
  );
}
