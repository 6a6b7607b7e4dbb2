import Link from "next/link";
import { ContainerList } from "./container-list";

export default async function ContainersPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const environment = typeof params.environment === "string" ? params.environment : "";
  return (
    <div className="space-y-4">
      <div className="flex items-end justify-between">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">Containers</h1>
          <p className="text-sm text-slate-500">Every container on every environment, paged, sorted and filtered on the server.</p>
        </div>
        <Link href="/containers/new" className="rounded-md bg-sky-600 px-3 py-2 text-sm font-medium text-white hover:bg-sky-700">
          Create container
        </Link>
      </div>
      <ContainerList initialEnvironmentId={environment} />
    </div>
  );
}
