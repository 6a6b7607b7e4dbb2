import { ImageManager } from "./image-manager";

export default async function ImagesPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Images</h1>
        <p className="text-sm text-slate-500">Images per environment: pull with live progress, inspect, tag, remove and prune.</p>
      </div>
      <ImageManager initialEnvironmentId={typeof params.environment === "string" ? params.environment : ""} />
    </div>
  );
}
