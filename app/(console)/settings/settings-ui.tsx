"use client";
// Small building blocks shared by the settings pages (users, teams, roles, tokens, audit, account).
import type { ReactNode } from "react";

export function PageHeader({ title, description }: { title: string; description: string }) {
  return (
    <div>
      <h1 className="text-2xl font-semibold tracking-tight">{title}</h1>
      <p className="text-sm text-slate-500">{description}</p>
    </div>
  );
}

export function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="space-y-3 rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
      <h2 className="text-base font-semibold text-slate-900">{title}</h2>
      {children}
    </section>
  );
}

/** A refusal or failure, with the server's message as is (it names what failed and what to do). */
export function ErrorMessage({ error }: { error: { message: string } | null | undefined }) {
  if (!error) return null;
  return (
    <p role="alert" data-testid="error-message" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">
      {error.message}
    </p>
  );
}

export function Notice({ children }: { children: ReactNode }) {
  return (
    <p role="status" className="rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-800">
      {children}
    </p>
  );
}

export function Button(props: { children: ReactNode; onClick?: () => void; type?: "button" | "submit"; disabled?: boolean; variant?: "primary" | "secondary" | "danger"; name?: string }) {
  const { children, onClick, type = "button", disabled, variant = "secondary", name } = props;
  const styles = {
    primary: "bg-sky-600 text-white hover:bg-sky-700 border-sky-600",
    secondary: "bg-white text-slate-700 hover:bg-slate-50 border-slate-300",
    danger: "bg-white text-red-700 hover:bg-red-50 border-red-300",
  }[variant];
  return (
    <button type={type} name={name} onClick={onClick} disabled={disabled} className={`rounded-md border px-3 py-1.5 text-sm font-medium disabled:opacity-50 ${styles}`}>
      {children}
    </button>
  );
}

export function TextInput(props: { id: string; label: string; value: string; onChange: (v: string) => void; type?: string; placeholder?: string }) {
  return (
    <div className="space-y-1 text-sm">
      <label htmlFor={props.id} className="block font-medium text-slate-700">
        {props.label}
      </label>
      <input
        id={props.id}
        name={props.id}
        type={props.type ?? "text"}
        value={props.value}
        placeholder={props.placeholder}
        onChange={(e) => props.onChange(e.target.value)}
        className="block w-full rounded-md border border-slate-300 px-3 py-2 text-sm shadow-sm outline-none focus:border-sky-500 focus:ring-2 focus:ring-sky-100"
      />
    </div>
  );
}

export function Select(props: { id: string; label: string; value: string; onChange: (v: string) => void; options: Array<{ value: string; label: string }> }) {
  return (
    <div className="space-y-1 text-sm">
      <label htmlFor={props.id} className="block font-medium text-slate-700">
        {props.label}
      </label>
      <select
        id={props.id}
        name={props.id}
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
        className="block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm"
      >
        {props.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** Checkboxes for a set of permissions. */
export function PermissionPicker(props: { idPrefix: string; available: readonly string[]; chosen: string[]; onChange: (next: string[]) => void }) {
  return (
    <fieldset className="grid grid-cols-2 gap-1 text-sm sm:grid-cols-3 lg:grid-cols-4">
      <legend className="mb-1 font-medium text-slate-700">Permissions</legend>
      {props.available.map((permission) => (
        <label key={permission} className="flex items-center gap-2">
          <input
            type="checkbox"
            name={`${props.idPrefix}-${permission}`}
            aria-label={permission}
            checked={props.chosen.includes(permission)}
            onChange={(e) => props.onChange(e.target.checked ? [...props.chosen, permission] : props.chosen.filter((p) => p !== permission))}
          />
          <code className="text-xs">{permission}</code>
        </label>
      ))}
    </fieldset>
  );
}
