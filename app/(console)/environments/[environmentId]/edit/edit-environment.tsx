"use client";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "../../../../trpc-provider";
import { ErrorBanner } from "../../../../components/error-banner";
import { describeError } from "../../../../components/trpc-error";
import { EnvironmentForm, type EnvironmentFormValues } from "../../environment-form";

export function EditEnvironment({ environmentId }: { environmentId: string }) {
  const trpc = useTRPC();
  const environment = useQuery(trpc.environment.get.queryOptions({ environmentId }, { refetchOnWindowFocus: false }));
  if (environment.isPending) return <p className="text-sm text-slate-500">Loading…</p>;
  if (environment.isError) return <ErrorBanner error={describeError(environment.error)} />;
  const e = environment.data;
  const values: EnvironmentFormValues = { name: e.name, kind: e.kind as EnvironmentFormValues["kind"], url: e.url, hasTls: e.hasTls, hasSshKey: e.hasSshKey };
  return <EnvironmentForm existing={values} environmentId={environmentId} />;
}
