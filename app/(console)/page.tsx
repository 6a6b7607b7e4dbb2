import { EnvironmentList } from "./environment-list";
import { DashboardCounts } from "../components/resources/dashboard-counts";

export default function DashboardPage() {
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Environments</h1>
        <p className="text-sm text-slate-500">The Docker hosts Wharf manages, with their live status.</p>
      </div>
      <EnvironmentList />
      <DashboardCounts />
    </div>
  );
}
