"use client";
// One network: its settings, the containers connected with their addresses; connect and disconnect.
import { useCallback, useState } from "react";
import Link from "next/link";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "../../../../trpc-provider";
import { ErrorBanner } from "../../../../components/error-banner";
import { inputClass } from "../../../../components/field";
import { describeError } from "../../../../components/trpc-error";
import { buttonClass, cardClass, dangerButtonClass, formatDate, tableClass } from "../../../../components/resources/format";

const selectClass = inputClass.replace("block w-full ", "");

export function NetworkView({ environmentId, networkId }: { environmentId: string; networkId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [containerId, setContainerId] = useState("");
  const [address, setAddress] = useState("");
  const refresh = useCallback(() => void queryClient.invalidateQueries({ queryKey: trpc.network.pathKey() }), [queryClient, trpc]);
  const network = useQuery(trpc.network.inspect.queryOptions({ environmentId, networkId }, { refetchInterval: 5_000 }));
  const containers = useQuery(trpc.container.list.queryOptions({ environmentIds: [environmentId], pageSize: 100 }));
  const connect = useMutation(trpc.network.connect.mutationOptions({ onSuccess: () => (setContainerId(""), setAddress("")), onSettled: refresh }));
  const disconnect = useMutation(trpc.network.disconnect.mutationOptions({ onSettled: refresh }));
  const error = network.error ?? connect.error ?? disconnect.error;
  const n = network.data;
  const connected = new Set(n?.containers.map((c) => c.containerId));
  const candidates = (containers.data?.items ?? []).filter((c) => !connected.has(c.id));

  return (
    <div className="space-y-4">
      <p className="text-sm">
        <Link className="text-sky-700 hover:underline" href={`/networks?environment=${environmentId}`}>
          ← Networks
        </Link>
      </p>
      <h1 className="text-2xl font-semibold tracking-tight" data-testid="network-title">
        {n?.name ?? networkId}
      </h1>
      <ErrorBanner error={error ? describeError(error) : null} />
      {n ? (
        <>
          <section className={cardClass}>
            <dl className="grid grid-cols-[10rem_1fr] gap-y-1 text-sm">
              <dt className="text-slate-500">ID</dt>
              <dd className="font-mono text-xs">{n.id}</dd>
              <dt className="text-slate-500">Driver / scope</dt>
              <dd>
                {n.driver} / {n.scope}
              </dd>
              <dt className="text-slate-500">Subnets</dt>
              <dd className="font-mono text-xs">{n.subnets.map((s) => `${s.subnet} gateway ${s.gateway || "—"}`).join(", ") || "—"}</dd>
              <dt className="text-slate-500">Internal / attachable</dt>
              <dd>
                {n.internal ? "yes" : "no"} / {n.attachable ? "yes" : "no"}
              </dd>
              <dt className="text-slate-500">Created</dt>
              <dd>{formatDate(n.createdAt)}</dd>
            </dl>
          </section>
          <section className={cardClass} aria-label="Connected containers">
            <h2 className="mb-2 font-semibold">Connected containers</h2>
            <table className={tableClass}>
              <thead className="text-left text-xs uppercase text-slate-500">
                <tr>
                  <th className="px-2 py-1">Container</th>
                  <th className="px-2 py-1">State</th>
                  <th className="px-2 py-1">IPv4</th>
                  <th className="px-2 py-1">MAC</th>
                  <th className="px-2 py-1" />
                </tr>
              </thead>
              <tbody>
                {n.containers.map((c) => (
                  <tr key={c.containerId} data-testid="attachment-row">
                    <td className="px-2 py-1">
                      <Link className="text-sky-700 hover:underline" href={`/containers/${environmentId}/${c.containerId}`}>
                        {c.containerName}
                      </Link>
                    </td>
                    <td className="px-2 py-1">{c.state}</td>
                    <td className="px-2 py-1 font-mono text-xs">{c.ipv4 || "—"}</td>
                    <td className="px-2 py-1 font-mono text-xs">{c.macAddress || "—"}</td>
                    <td className="px-2 py-1 text-right">
                      <button type="button" className={dangerButtonClass} onClick={() => disconnect.mutate({ environmentId, networkId: n.id, containerId: c.containerId })}>
                        Disconnect
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            <form
              className="mt-3 flex items-center gap-2"
              onSubmit={(e) => {
                e.preventDefault();
                connect.mutate({ environmentId, networkId: n.id, containerId, ipv4Address: address });
              }}
            >
              <select aria-label="Container to connect" value={containerId} onChange={(e) => setContainerId(e.target.value)} className={selectClass}>
                <option value="">Choose a container…</option>
                {candidates.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.name}
                  </option>
                ))}
              </select>
              <input aria-label="IPv4 address (optional)" value={address} onChange={(e) => setAddress(e.target.value)} placeholder="IPv4 (optional)" className={`${selectClass} font-mono`} />
              <button type="submit" className={buttonClass} disabled={!containerId || connect.isPending}>
                Connect
              </button>
            </form>
          </section>
        </>
      ) : null}
    </div>
  );
}
