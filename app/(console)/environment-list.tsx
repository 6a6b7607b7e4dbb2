"use client";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "../trpc-provider";
import { EnvironmentCard } from "./environment-card";

export function EnvironmentList() {
  const trpc = useTRPC();
  const environments = useQuery(trpc.environment.list.queryOptions(undefined, { refetchInterval: 5_000 }));

  if (environments.isPending) return <p className="text-sm text-slate-500">Checking environments…</p>;
  if (environments.isError) {
    return (
      <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">
        Could not load environments: {environments.error.message}
      </p>
    );
  }
  if (environments.data.length === 0) return <p className="text-sm text-slate-500">No environments yet.</p>;
  return (
    <ul className="grid gap-4 sm:grid-cols-2 xl:grid-cols-3">
      {environments.data.map((environment) => (
        <li key={environment.id}>
          <EnvironmentCard environment={environment} />
        </li>
      ))}
    </ul>
  );
}
