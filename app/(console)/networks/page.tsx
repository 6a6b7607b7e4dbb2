import { NetworkManager } from "./network-manager";

export default async function NetworksPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Networks</h1>
        <p className="text-sm text-slate-500">Networks per environment, their subnets and connected containers.</p>
      </div>
      <NetworkManager initialEnvironmentId={typeof params.environment === "string" ? params.environment : ""} />
    </div>
  );
}
