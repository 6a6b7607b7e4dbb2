"use client";
import type { ReactNode } from "react";

/** A modal asking to confirm a destructive action. Rendered only while `open`. */
export function ConfirmDialog(props: {
  open: boolean;
  title: string;
  children?: ReactNode;
  confirmLabel: string;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  if (!props.open) return null;
  return (
    <div className="fixed inset-0 z-50 flex items-center justify-center bg-slate-900/40">
      <div role="dialog" aria-modal="true" aria-label={props.title} className="w-full max-w-md rounded-xl bg-white p-5 shadow-xl">
        <h2 className="text-lg font-semibold">{props.title}</h2>
        <div className="mt-2 text-sm text-slate-600">{props.children}</div>
        <div className="mt-5 flex justify-end gap-2">
          <button type="button" onClick={props.onCancel} className="rounded-md border border-slate-300 px-3 py-1.5 text-sm">
            Cancel
          </button>
          <button type="button" onClick={props.onConfirm} className="rounded-md bg-red-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-red-700">
            {props.confirmLabel}
          </button>
        </div>
      </div>
    </div>
  );
}
