import { VolumeManager } from "./volume-manager";

export default async function VolumesPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Volumes</h1>
        <p className="text-sm text-slate-500">Volumes per environment and the containers that use them.</p>
      </div>
      <VolumeManager initialEnvironmentId={typeof params.environment === "string" ? params.environment : ""} />
    </div>
  );
}
