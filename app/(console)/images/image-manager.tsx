"use client";
// The image list of one environment with pull, remove (force with a warning when in use) and prune with a
// preview of exactly what will go.
import { useCallback, useState } from "react";
import Link from "next/link";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "../../trpc-provider";
import { ConfirmDialog } from "../../components/confirm-dialog";
import { ErrorBanner } from "../../components/error-banner";
import { describeError } from "../../components/trpc-error";
import { EnvironmentPicker, useEnvironmentChoice } from "../../components/resources/environment-picker";
import { buttonClass, dangerButtonClass, formatBytes, formatDate } from "../../components/resources/format";
import { PruneDialog } from "../../components/resources/prune-dialog";
import { ResourceTable } from "../../components/resources/resource-table";
import { PullPanel } from "./pull-panel";

type Image = { id: string; shortId: string; tags: string[]; sizeBytes: number; createdAt: string; inUse: boolean; dangling: boolean };

export function ImageManager({ initialEnvironmentId }: { initialEnvironmentId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [chosen, setChosen] = useState(initialEnvironmentId);
  const { environmentId, environments } = useEnvironmentChoice(chosen, false);
  const [removing, setRemoving] = useState<Image | null>(null);
  const [pruneMode, setPruneMode] = useState<"dangling" | "unused" | null>(null);
  const images = useQuery(trpc.image.list.queryOptions({ environmentId }, { enabled: Boolean(environmentId), refetchInterval: 5_000 }));
  const refresh = useCallback(() => void queryClient.invalidateQueries({ queryKey: trpc.image.pathKey() }), [queryClient, trpc]);
  const remove = useMutation(trpc.image.remove.mutationOptions({ onSettled: refresh }));
  const preview = useQuery(trpc.image.prunePreview.queryOptions({ environmentId, mode: pruneMode ?? "dangling" }, { enabled: Boolean(environmentId && pruneMode) }));
  const prune = useMutation(trpc.image.prune.mutationOptions({ onSettled: refresh }));
  const error = remove.error ?? prune.error ?? images.error;

  return (
    <div className="space-y-4">
      <div className="flex items-center gap-3">
        <EnvironmentPicker value={environmentId} onChange={setChosen} environments={environments} />
        <div className="ml-auto flex gap-2">
          <button type="button" className={buttonClass} onClick={() => setPruneMode("dangling")}>
            Prune dangling
          </button>
          <button type="button" className={buttonClass} onClick={() => setPruneMode("unused")}>
            Prune unused
          </button>
        </div>
      </div>
      {environmentId ? <PullPanel environmentId={environmentId} onDone={refresh} /> : null}
      <ErrorBanner error={error ? describeError(error) : null} />
      {prune.data ? (
        <p className="text-sm text-slate-600" data-testid="prune-result">
          Removed {prune.data.removed.length} image(s), reclaimed {formatBytes(prune.data.reclaimedBytes)}.
        </p>
      ) : null}
      <ResourceTable label="Images" columns={["Tags", "ID", "Size", "Created", "Status", ""]} empty={images.data && images.data.length === 0 ? "No images on this environment." : null}>
        {(images.data ?? []).map((image) => (
          <tr key={image.id} data-testid="image-row">
            <td className="px-3 py-2 font-mono text-xs">
              <Link className="text-sky-700 hover:underline" href={`/images/${environmentId}/${encodeURIComponent(image.id)}`}>
                {image.tags.length ? image.tags.join(", ") : "<none>"}
              </Link>
            </td>
            <td className="px-3 py-2 font-mono text-xs">{image.shortId}</td>
            <td className="px-3 py-2">{formatBytes(image.sizeBytes)}</td>
            <td className="px-3 py-2">{formatDate(image.createdAt)}</td>
            <td className="px-3 py-2">
              {image.inUse ? <span className="rounded-full bg-emerald-100 px-2 py-0.5 text-xs text-emerald-800">in use</span> : <span className="text-xs text-slate-500">unused</span>}
            </td>
            <td className="px-3 py-2 text-right">
              <button type="button" className={dangerButtonClass} onClick={() => setRemoving(image)}>
                Remove
              </button>
            </td>
          </tr>
        ))}
      </ResourceTable>
      <ConfirmDialog
        open={removing !== null}
        title={`Remove ${removing?.tags[0] ?? removing?.shortId ?? ""}?`}
        confirmLabel={removing?.inUse || (removing?.tags.length ?? 0) > 1 ? "Force remove" : "Remove"}
        onCancel={() => setRemoving(null)}
        onConfirm={() => {
          if (removing) remove.mutate({ environmentId, imageId: removing.id, force: removing.inUse || removing.tags.length > 1 });
          setRemoving(null);
        }}
      >
        {removing?.inUse ? (
          <p data-testid="in-use-warning" className="text-amber-700">
            A container uses this image. Forcing removes its tags; the containers keep running but can no longer be recreated from it.
          </p>
        ) : (
          <p>The image and its layers not shared with other images will be deleted.</p>
        )}
      </ConfirmDialog>
      <PruneDialog
        open={pruneMode !== null}
        title={pruneMode === "unused" ? "Prune unused images?" : "Prune dangling images?"}
        preview={preview}
        itemKey={(i) => i.id}
        renderItem={(i) => `${i.tags[0] ?? i.shortId} (${formatBytes(i.sizeBytes)})`}
        onCancel={() => setPruneMode(null)}
        onConfirm={() => {
          if (pruneMode) prune.mutate({ environmentId, mode: pruneMode });
          setPruneMode(null);
        }}
      />
    </div>
  );
}
