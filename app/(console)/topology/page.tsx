import { TopologyView } from "./topology-view";

export default async function TopologyPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  return (
    <div className="space-y-3">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Network topology</h1>
        <p className="text-sm text-slate-500">Environments → networks → containers, published ports to the host; live from engine events.</p>
      </div>
      <TopologyView initialEnvironmentId={typeof params.environment === "string" ? params.environment : ""} />
    </div>
  );
}
