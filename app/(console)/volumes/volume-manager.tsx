"use client";
// Volumes of one environment: create (driver, options, labels), remove (the engine's refusal is shown as
// is, e.g. a volume in use), prune with a preview.
import { useCallback, useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "../../trpc-provider";
import { ConfirmDialog } from "../../components/confirm-dialog";
import { ErrorBanner } from "../../components/error-banner";
import { Field, inputClass } from "../../components/field";
import { describeError } from "../../components/trpc-error";
import { EnvironmentPicker, useEnvironmentChoice } from "../../components/resources/environment-picker";
import { buttonClass, cardClass, dangerButtonClass, formatDate, primaryButtonClass } from "../../components/resources/format";
import { PruneDialog } from "../../components/resources/prune-dialog";
import { ResourceTable } from "../../components/resources/resource-table";

export function VolumeManager({ initialEnvironmentId }: { initialEnvironmentId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [chosen, setChosen] = useState(initialEnvironmentId);
  const { environmentId, environments } = useEnvironmentChoice(chosen);
  const [form, setForm] = useState({ name: "", driver: "local", options: "", labels: "" });
  const [removing, setRemoving] = useState<string | null>(null);
  const [pruning, setPruning] = useState(false);
  const refresh = useCallback(() => void queryClient.invalidateQueries({ queryKey: trpc.volume.pathKey() }), [queryClient, trpc]);
  const volumes = useQuery(trpc.volume.list.queryOptions({ environmentId }, { enabled: Boolean(environmentId), refetchInterval: 5_000 }));
  const create = useMutation(trpc.volume.create.mutationOptions({ onSuccess: () => setForm({ name: "", driver: "local", options: "", labels: "" }), onSettled: refresh }));
  const remove = useMutation(trpc.volume.remove.mutationOptions({ onSettled: refresh }));
  const preview = useQuery(trpc.volume.prunePreview.queryOptions({ environmentId }, { enabled: Boolean(environmentId && pruning) }));
  const prune = useMutation(trpc.volume.prune.mutationOptions({ onSettled: refresh }));
  const createError = create.error ? describeError(create.error) : null;
  const actionError = remove.error ?? prune.error ?? volumes.error;

  return (
    <div className="space-y-4">
      <div className="flex items-center gap-3">
        <EnvironmentPicker value={environmentId} onChange={setChosen} environments={environments} />
        <button type="button" className={`${buttonClass} ml-auto`} onClick={() => setPruning(true)}>
          Prune unused
        </button>
      </div>
      <form
        className={`${cardClass} grid grid-cols-2 gap-3`}
        aria-label="Create a volume"
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate({ environmentId, ...form });
        }}
      >
        <Field id="volume-name" label="Volume name" errors={createError?.fieldErrors.name}>
          <input id="volume-name" value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} placeholder="generated when empty" className={inputClass} />
        </Field>
        <Field id="volume-driver" label="Driver">
          <input id="volume-driver" value={form.driver} onChange={(e) => setForm({ ...form, driver: e.target.value })} className={inputClass} />
        </Field>
        <Field id="volume-options" label="Driver options (key=value per line)" errors={createError?.fieldErrors.options}>
          <textarea id="volume-options" rows={2} value={form.options} onChange={(e) => setForm({ ...form, options: e.target.value })} placeholder="type=tmpfs" className={`${inputClass} font-mono text-xs`} />
        </Field>
        <Field id="volume-labels" label="Labels (key=value per line)" errors={createError?.fieldErrors.labels}>
          <textarea id="volume-labels" rows={2} value={form.labels} onChange={(e) => setForm({ ...form, labels: e.target.value })} className={`${inputClass} font-mono text-xs`} />
        </Field>
        <div className="col-span-2 flex items-center gap-3">
          <button type="submit" className={primaryButtonClass} disabled={!environmentId || create.isPending}>
            Create volume
          </button>
          <ErrorBanner error={createError && Object.keys(createError.fieldErrors).length === 0 ? createError : null} />
        </div>
      </form>
      <ErrorBanner error={actionError ? describeError(actionError) : null} />
      {prune.data ? <p className="text-sm text-slate-600" data-testid="prune-result">Removed {prune.data.removed.length} volume(s).</p> : null}
      <ResourceTable label="Volumes" columns={["Name", "Driver", "Used by", "Labels", "Created", ""]} empty={volumes.data && volumes.data.length === 0 ? "No volumes on this environment." : null}>
        {(volumes.data ?? []).map((v) => (
          <tr key={v.name} data-testid="volume-row">
            <td className="px-3 py-2 font-mono text-xs" title={v.mountpoint}>
              {v.name}
            </td>
            <td className="px-3 py-2">{v.driver}</td>
            <td className="px-3 py-2 text-xs" data-testid="volume-users">
              {v.usedBy.length ? v.usedBy.map((u) => `${u.name} (${u.state})`).join(", ") : <span className="text-slate-400">unused</span>}
            </td>
            <td className="px-3 py-2 font-mono text-xs">
              {Object.entries(v.labels)
                .map(([k, val]) => `${k}=${val}`)
                .join(", ")}
            </td>
            <td className="px-3 py-2">{formatDate(v.createdAt)}</td>
            <td className="px-3 py-2 text-right">
              <button type="button" className={dangerButtonClass} onClick={() => setRemoving(v.name)}>
                Remove
              </button>
            </td>
          </tr>
        ))}
      </ResourceTable>
      <ConfirmDialog
        open={removing !== null}
        title={`Remove volume ${removing ?? ""}?`}
        confirmLabel="Remove"
        onCancel={() => setRemoving(null)}
        onConfirm={() => {
          if (removing) remove.mutate({ environmentId, name: removing });
          setRemoving(null);
        }}
      >
        <p>Its data will be deleted. The engine refuses while a container uses it.</p>
      </ConfirmDialog>
      <PruneDialog
        open={pruning}
        title="Prune unused volumes?"
        preview={preview}
        itemKey={(v) => v.name}
        renderItem={(v) => v.name}
        onCancel={() => setPruning(false)}
        onConfirm={() => {
          setPruning(false);
          prune.mutate({ environmentId });
        }}
      />
    </div>
  );
}
