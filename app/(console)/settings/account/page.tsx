import { PageHeader } from "../settings-ui";
import { AccountPanel } from "./account-panel";

export default function AccountPage() {
  return (
    <div className="space-y-4">
      <PageHeader title="My account" description="Your password and what you may do." />
      <AccountPanel />
    </div>
  );
}
