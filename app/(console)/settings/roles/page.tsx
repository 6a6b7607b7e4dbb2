import { PageHeader } from "../settings-ui";
import { RolesPanel } from "./roles-panel";
import { BindingsPanel } from "./bindings-panel";

export default function RolesPage() {
  return (
    <div className="space-y-4">
      <PageHeader
        title="Roles & access"
        description="A role is a named set of permissions. A binding gives a role to a user or a team on one environment or on all; permissions add up."
      />
      <BindingsPanel />
      <RolesPanel />
    </div>
  );
}
