"use client";
// "Prune …?" confirmation listing exactly what the engine would remove (a preview query), shared by the
// image, volume and network managers.
import type { ReactNode } from "react";
import { ConfirmDialog } from "../confirm-dialog";

export function PruneDialog<T>(props: {
  open: boolean;
  title: string;
  preview: { isLoading: boolean; data: T[] | undefined };
  itemKey: (item: T) => string;
  renderItem: (item: T) => ReactNode;
  onCancel: () => void;
  onConfirm: () => void;
}) {
  return (
    <ConfirmDialog open={props.open} title={props.title} confirmLabel="Prune" onCancel={props.onCancel} onConfirm={props.onConfirm}>
      {props.preview.isLoading ? <p>Looking…</p> : null}
      {props.preview.data && props.preview.data.length === 0 ? <p>Nothing to prune.</p> : null}
      <ul className="max-h-48 overflow-auto font-mono text-xs" data-testid="prune-preview">
        {(props.preview.data ?? []).map((item) => (
          <li key={props.itemKey(item)}>{props.renderItem(item)}</li>
        ))}
      </ul>
    </ConfirmDialog>
  );
}
