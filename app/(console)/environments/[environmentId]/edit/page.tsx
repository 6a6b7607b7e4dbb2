import { EditEnvironment } from "./edit-environment";

export default async function EditEnvironmentPage({ params }: { params: Promise<{ environmentId: string }> }) {
  const { environmentId } = await params;
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold tracking-tight">Edit environment</h1>
      <EditEnvironment environmentId={environmentId} />
    </div>
  );
}
