"use client";
// Networks of one environment: create (driver, subnet/gateway, internal, labels), remove (the engine's
// refusal is shown as is), prune with a preview; each links to its page (containers, connect/disconnect).
import { useCallback, useState } from "react";
import Link from "next/link";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "../../trpc-provider";
import { ConfirmDialog } from "../../components/confirm-dialog";
import { ErrorBanner } from "../../components/error-banner";
import { Field, inputClass } from "../../components/field";
import { describeError } from "../../components/trpc-error";
import { EnvironmentPicker, useEnvironmentChoice } from "../../components/resources/environment-picker";
import { buttonClass, cardClass, dangerButtonClass, primaryButtonClass } from "../../components/resources/format";
import { PruneDialog } from "../../components/resources/prune-dialog";
import { ResourceTable } from "../../components/resources/resource-table";

const DRIVERS = ["bridge", "macvlan", "ipvlan", "overlay"] as const;
const EMPTY = { name: "", driver: "bridge" as (typeof DRIVERS)[number], subnet: "", gateway: "", internal: false, attachable: false, labels: "" };

export function NetworkManager({ initialEnvironmentId }: { initialEnvironmentId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [chosen, setChosen] = useState(initialEnvironmentId);
  const { environmentId, environments } = useEnvironmentChoice(chosen);
  const [form, setForm] = useState(EMPTY);
  const [removing, setRemoving] = useState<{ id: string; name: string } | null>(null);
  const [pruning, setPruning] = useState(false);
  const refresh = useCallback(() => void queryClient.invalidateQueries({ queryKey: trpc.network.pathKey() }), [queryClient, trpc]);
  const networks = useQuery(trpc.network.list.queryOptions({ environmentId }, { enabled: Boolean(environmentId), refetchInterval: 5_000 }));
  const create = useMutation(trpc.network.create.mutationOptions({ onSuccess: () => setForm(EMPTY), onSettled: refresh }));
  const remove = useMutation(trpc.network.remove.mutationOptions({ onSettled: refresh }));
  const preview = useQuery(trpc.network.prunePreview.queryOptions({ environmentId }, { enabled: Boolean(environmentId && pruning) }));
  const prune = useMutation(trpc.network.prune.mutationOptions({ onSettled: refresh }));
  const createError = create.error ? describeError(create.error) : null;
  const actionError = remove.error ?? prune.error ?? networks.error;

  return (
    <div className="space-y-4">
      <div className="flex items-center gap-3">
        <EnvironmentPicker value={environmentId} onChange={setChosen} environments={environments} />
        <button type="button" className={`${buttonClass} ml-auto`} onClick={() => setPruning(true)}>
          Prune unused
        </button>
      </div>
      <form
        className={`${cardClass} grid grid-cols-3 gap-3`}
        aria-label="Create a network"
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate({ environmentId, ...form });
        }}
      >
        <Field id="network-name" label="Network name" errors={createError?.fieldErrors.name}>
          <input id="network-name" value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} className={inputClass} />
        </Field>
        <Field id="network-driver" label="Driver">
          <select id="network-driver" value={form.driver} onChange={(e) => setForm({ ...form, driver: e.target.value as (typeof DRIVERS)[number] })} className={inputClass}>
            {DRIVERS.map((d) => (
              <option key={d}>{d}</option>
            ))}
          </select>
        </Field>
        <Field id="network-labels" label="Labels (key=value per line)" errors={createError?.fieldErrors.labels}>
          <textarea id="network-labels" rows={1} value={form.labels} onChange={(e) => setForm({ ...form, labels: e.target.value })} className={`${inputClass} font-mono text-xs`} />
        </Field>
        <Field id="network-subnet" label="Subnet" errors={createError?.fieldErrors.subnet}>
          <input id="network-subnet" value={form.subnet} onChange={(e) => setForm({ ...form, subnet: e.target.value })} placeholder="10.10.0.0/24" className={`${inputClass} font-mono`} />
        </Field>
        <Field id="network-gateway" label="Gateway" errors={createError?.fieldErrors.gateway}>
          <input id="network-gateway" value={form.gateway} onChange={(e) => setForm({ ...form, gateway: e.target.value })} placeholder="10.10.0.1" className={`${inputClass} font-mono`} />
        </Field>
        <div className="flex items-end gap-4 pb-2 text-sm">
          <label className="flex items-center gap-1">
            <input type="checkbox" checked={form.internal} onChange={(e) => setForm({ ...form, internal: e.target.checked })} /> Internal
          </label>
          <label className="flex items-center gap-1">
            <input type="checkbox" checked={form.attachable} onChange={(e) => setForm({ ...form, attachable: e.target.checked })} /> Attachable
          </label>
        </div>
        <div className="col-span-3 flex items-center gap-3">
          <button type="submit" className={primaryButtonClass} disabled={!environmentId || create.isPending}>
            Create network
          </button>
          <ErrorBanner error={createError && Object.keys(createError.fieldErrors).length === 0 ? createError : null} />
        </div>
      </form>
      <ErrorBanner error={actionError ? describeError(actionError) : null} />
      {prune.data ? <p className="text-sm text-slate-600" data-testid="prune-result">Removed {prune.data.removed.length} network(s).</p> : null}
      <ResourceTable label="Networks" columns={["Name", "Driver", "Subnet", "Containers", ""]} empty={networks.data && networks.data.length === 0 ? "No networks on this environment." : null}>
        {(networks.data ?? []).map((n) => (
          <tr key={n.id} data-testid="network-row">
            <td className="px-3 py-2">
              <Link className="text-sky-700 hover:underline" href={`/networks/${environmentId}/${n.id}`}>
                {n.name}
              </Link>
              {n.internal ? <span className="ml-2 rounded bg-slate-100 px-1.5 text-xs">internal</span> : null}
            </td>
            <td className="px-3 py-2">{n.driver}</td>
            <td className="px-3 py-2 font-mono text-xs">{n.subnets.map((s) => `${s.subnet}${s.gateway ? ` via ${s.gateway}` : ""}`).join(", ")}</td>
            <td className="px-3 py-2 text-xs">{n.containers.map((c) => c.containerName).join(", ") || <span className="text-slate-400">none</span>}</td>
            <td className="px-3 py-2 text-right">
              {n.builtIn ? null : (
                <button type="button" className={dangerButtonClass} onClick={() => setRemoving({ id: n.id, name: n.name })}>
                  Remove
                </button>
              )}
            </td>
          </tr>
        ))}
      </ResourceTable>
      <ConfirmDialog
        open={removing !== null}
        title={`Remove network ${removing?.name ?? ""}?`}
        confirmLabel="Remove"
        onCancel={() => setRemoving(null)}
        onConfirm={() => {
          // By name, so the engine's refusal names the network the user clicked (names are unique per engine).
          if (removing) remove.mutate({ environmentId, networkId: removing.name });
          setRemoving(null);
        }}
      >
        <p>The engine refuses while containers are connected.</p>
      </ConfirmDialog>
      <PruneDialog
        open={pruning}
        title="Prune unused networks?"
        preview={preview}
        itemKey={(n) => n.id}
        renderItem={(n) => n.name}
        onCancel={() => setPruning(false)}
        onConfirm={() => {
          setPruning(false);
          prune.mutate({ environmentId });
        }}
      />
    </div>
  );
}
