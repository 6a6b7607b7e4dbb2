import { NetworkView } from "./network-view";

export default async function NetworkPage({ params }: { params: Promise<{ environmentId: string; networkId: string }> }) {
  const { environmentId, networkId } = await params;
  return <NetworkView environmentId={environmentId} networkId={networkId} />;
}
