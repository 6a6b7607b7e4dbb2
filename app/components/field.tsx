import type { ReactNode } from "react";

/** A labelled control with its error message directly under it (inputs, selects, textareas). */
export function Field(props: { id: string; label: string; errors?: string[]; hint?: string; children: ReactNode }) {
  const hasError = Boolean(props.errors?.length);
  return (
    <div className="space-y-1">
      <label htmlFor={props.id} className="block text-sm font-medium text-slate-700">
        {props.label}
      </label>
      {props.children}
      {props.hint ? <p className="text-xs text-slate-500">{props.hint}</p> : null}
      {hasError ? (
        <p id={`${props.id}-error`} className="text-sm text-red-600" data-testid={`${props.id}-error`}>
          {props.errors?.join(" ")}
        </p>
      ) : null}
    </div>
  );
}

export const inputClass =
  "block w-full rounded-md border border-slate-300 px-3 py-2 text-sm shadow-sm outline-none focus:border-sky-500 focus:ring-2 focus:ring-sky-100";
