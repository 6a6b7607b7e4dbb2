"use client";
// One image: configuration, layers with sizes, build history; tag and remove.
import { useState } from "react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "../../../../trpc-provider";
import { Field, inputClass } from "../../../../components/field";
import { ErrorBanner } from "../../../../components/error-banner";
import { ConfirmDialog } from "../../../../components/confirm-dialog";
import { describeError } from "../../../../components/trpc-error";
import { buttonClass, cardClass, dangerButtonClass, formatBytes, formatDate, tableClass } from "../../../../components/resources/format";

export function ImageView({ environmentId, imageId }: { environmentId: string; imageId: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [target, setTarget] = useState("");
  const [confirming, setConfirming] = useState(false);
  const image = useQuery(trpc.image.inspect.queryOptions({ environmentId, imageId }));
  const list = useQuery(trpc.image.list.queryOptions({ environmentId }));
  const inUse = list.data?.find((i) => i.id === image.data?.id)?.inUse ?? false;
  // The engine refuses to delete an image by ID while several tags name it (409) unless forced.
  const multiTagged = (image.data?.tags.length ?? 0) > 1;
  const tag = useMutation(trpc.image.tag.mutationOptions({ onSuccess: () => (setTarget(""), queryClient.invalidateQueries({ queryKey: trpc.image.pathKey() })) }));
  const untag = useMutation(trpc.image.remove.mutationOptions({ onSettled: () => queryClient.invalidateQueries({ queryKey: trpc.image.pathKey() }) }));
  const remove = useMutation(trpc.image.remove.mutationOptions({ onSuccess: () => router.push(`/images?environment=${environmentId}`) }));
  const error = image.error ?? tag.error ?? remove.error ?? untag.error;
  const shown = error ? describeError(error) : null;
  const d = image.data;

  return (
    <div className="space-y-4">
      <p className="text-sm">
        <Link className="text-sky-700 hover:underline" href={`/images?environment=${environmentId}`}>
          ← Images
        </Link>
      </p>
      <div className="flex items-end justify-between">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight" data-testid="image-title">
            {d?.tags[0] ?? imageId.replace(/^sha256:/, "").slice(0, 12)}
          </h1>
          <p className="font-mono text-xs text-slate-500">{d?.id}</p>
        </div>
        <button type="button" className={dangerButtonClass} onClick={() => setConfirming(true)} disabled={!d}>
          Remove image
        </button>
      </div>
      <ErrorBanner error={shown && !shown.fieldErrors.target ? shown : null} />
      {d ? (
        <>
          <section className={cardClass}>
            <h2 className="mb-2 font-semibold">Tags</h2>
            <ul className="mb-3 font-mono text-xs" data-testid="image-tags">
              {d.tags.map((t) => (
                <li key={t} className="flex items-center gap-2">
                  {t}
                  {multiTagged ? (
                    <button type="button" className="text-xs text-red-700 hover:underline" onClick={() => untag.mutate({ environmentId, imageId: t, force: false })}>
                      untag
                    </button>
                  ) : null}
                </li>
              ))}
            </ul>
            <form
              className="flex items-end gap-2"
              onSubmit={(e) => {
                e.preventDefault();
                tag.mutate({ environmentId, imageId: d.id, target });
              }}
            >
              <div className="flex-1">
                <Field id="target" label="New tag" errors={shown?.fieldErrors.target}>
                  <input id="target" value={target} onChange={(e) => setTarget(e.target.value)} placeholder="myrepo/app:v2" className={`${inputClass} font-mono`} />
                </Field>
              </div>
              <button type="submit" className={buttonClass} disabled={!target || tag.isPending}>
                Add tag
              </button>
            </form>
          </section>
          <section className={cardClass} aria-label="Configuration">
            <h2 className="mb-2 font-semibold">Configuration</h2>
            <dl className="grid grid-cols-[10rem_1fr] gap-y-1 text-sm">
              <dt className="text-slate-500">Size</dt>
              <dd>{formatBytes(d.sizeBytes)}</dd>
              <dt className="text-slate-500">Created</dt>
              <dd>{formatDate(d.createdAt)}</dd>
              <dt className="text-slate-500">Platform</dt>
              <dd>
                {d.os}/{d.architecture}
              </dd>
              <dt className="text-slate-500">Entrypoint</dt>
              <dd className="font-mono text-xs">{d.entrypoint.join(" ") || "—"}</dd>
              <dt className="text-slate-500">Command</dt>
              <dd className="font-mono text-xs" data-testid="image-command">
                {d.command.join(" ") || "—"}
              </dd>
              <dt className="text-slate-500">Working dir</dt>
              <dd className="font-mono text-xs">{d.workingDir || "—"}</dd>
              <dt className="text-slate-500">User</dt>
              <dd className="font-mono text-xs">{d.user || "—"}</dd>
              <dt className="text-slate-500">Exposed ports</dt>
              <dd className="font-mono text-xs" data-testid="image-ports">
                {d.exposedPorts.join(", ") || "—"}
              </dd>
              <dt className="text-slate-500">Environment</dt>
              <dd className="font-mono text-xs">
                {d.env.map((e) => (
                  <div key={e}>{e}</div>
                ))}
              </dd>
              <dt className="text-slate-500">Labels</dt>
              <dd className="font-mono text-xs">
                {Object.entries(d.labels).map(([k, v]) => (
                  <div key={k}>
                    {k}={v}
                  </div>
                )) || "—"}
              </dd>
            </dl>
          </section>
          <section className={cardClass} aria-label="Layers">
            <h2 className="mb-2 font-semibold">Layers ({d.layers.length})</h2>
            <ol className="list-decimal pl-6 font-mono text-xs" data-testid="image-layers">
              {d.layers.map((l, i) => (
                <li key={`${l}-${i}`}>{l}</li>
              ))}
            </ol>
          </section>
          <section className={cardClass} aria-label="History">
            <h2 className="mb-2 font-semibold">History</h2>
            <table className={tableClass}>
              <thead className="text-left text-xs uppercase text-slate-500">
                <tr>
                  <th className="px-2 py-1">Step</th>
                  <th className="px-2 py-1">Size</th>
                  <th className="px-2 py-1">Created</th>
                </tr>
              </thead>
              <tbody>
                {d.history.map((h, i) => (
                  <tr key={i} data-testid="history-row">
                    <td className="max-w-xl truncate px-2 py-1 font-mono text-xs" title={h.createdBy}>
                      {h.createdBy || h.comment || "—"}
                    </td>
                    <td className="px-2 py-1">{formatBytes(h.sizeBytes)}</td>
                    <td className="px-2 py-1">{formatDate(h.createdAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        </>
      ) : null}
      <ConfirmDialog
        open={confirming}
        title="Remove this image?"
        confirmLabel={inUse || multiTagged ? "Force remove" : "Remove"}
        onCancel={() => setConfirming(false)}
        onConfirm={() => {
          setConfirming(false);
          if (d) remove.mutate({ environmentId, imageId: d.id, force: inUse || multiTagged });
        }}
      >
        {inUse ? <p className="text-amber-700" data-testid="in-use-warning">A container uses this image; it will be force-removed.</p> : null}
        {multiTagged ? <p className="text-amber-700">All {d?.tags.length} tags will be removed with it.</p> : null}
        {!inUse && !multiTagged ? <p>Its tags and unshared layers will be deleted.</p> : null}
      </ConfirmDialog>
    </div>
  );
}
