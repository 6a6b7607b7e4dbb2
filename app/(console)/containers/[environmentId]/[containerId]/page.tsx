import { ContainerView } from "./container-view";

export default async function ContainerPage({ params }: { params: Promise<{ environmentId: string; containerId: string }> }) {
  const { environmentId, containerId } = await params;
  return <ContainerView environmentId={environmentId} containerId={containerId} />;
}
