import { PageHeader } from "../settings-ui";
import { TokensPanel } from "./tokens-panel";

export default function TokensPage() {
  return (
    <div className="space-y-4">
      <PageHeader
        title="API tokens"
        description="Use a token as Authorization: Bearer wharf_… on the API. A token can never do more than you can do at the time it is used."
      />
      <TokensPanel />
    </div>
  );
}
