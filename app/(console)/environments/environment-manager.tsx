"use client";
import { useState } from "react";
import Link from "next/link";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "../../trpc-provider";
import { EnvironmentCard } from "../environment-card";
import { ConfirmDialog } from "../../components/confirm-dialog";
import { ErrorBanner } from "../../components/error-banner";
import { describeError } from "../../components/trpc-error";

export function EnvironmentManager() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const environments = useQuery(trpc.environment.list.queryOptions(undefined, { refetchInterval: 5_000 }));
  const [removing, setRemoving] = useState<{ id: string; name: string } | null>(null);
  const remove = useMutation(
    trpc.environment.remove.mutationOptions({
      onSettled: () => queryClient.invalidateQueries({ queryKey: trpc.environment.list.queryKey() }),
    }),
  );

  if (environments.isPending) return <p className="text-sm text-slate-500">Checking environments…</p>;
  if (environments.isError) return <ErrorBanner error={describeError(environments.error)} />;
  return (
    <>
      <ErrorBanner error={remove.error ? describeError(remove.error) : null} />
      <ul className="grid gap-4 sm:grid-cols-2 xl:grid-cols-3">
        {environments.data.map((environment) => (
          <li key={environment.id}>
            <EnvironmentCard
              environment={environment}
              actions={
                <>
                  <Link href={`/containers?environment=${environment.id}`} className="rounded-md border border-slate-300 px-2.5 py-1 text-sm">
                    Containers
                  </Link>
                  {environment.kind !== "local" ? (
                    <>
                      <Link href={`/environments/${environment.id}/edit`} className="rounded-md border border-slate-300 px-2.5 py-1 text-sm">
                        Edit
                      </Link>
                      <button
                        type="button"
                        onClick={() => setRemoving({ id: environment.id, name: environment.name })}
                        className="rounded-md border border-red-300 px-2.5 py-1 text-sm text-red-700"
                      >
                        Remove
                      </button>
                    </>
                  ) : null}
                </>
              }
            />
          </li>
        ))}
      </ul>
      <ConfirmDialog
        open={removing !== null}
        title={`Remove environment "${removing?.name}"?`}
        confirmLabel="Remove"
        onCancel={() => setRemoving(null)}
        onConfirm={() => {
          if (removing) remove.mutate({ environmentId: removing.id });
          setRemoving(null);
        }}
      >
        Wharf forgets this host and its stored credentials. The host and its containers are not touched.
      </ConfirmDialog>
    </>
  );
}
