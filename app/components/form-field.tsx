/** A labelled input with its error message directly under it. */
export function FormField(props: {
  id: string;
  label: string;
  type?: string;
  autoComplete?: string;
  value?: string;
  onChange?: (value: string) => void;
  errors?: string[];
}) {
  const { id, label, type = "text", autoComplete, value, onChange, errors } = props;
  const hasError = Boolean(errors?.length);
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-medium text-slate-700">
        {label}
      </label>
      <input
        id={id}
        name={id}
        type={type}
        autoComplete={autoComplete}
        value={value}
        onChange={onChange ? (e) => onChange(e.target.value) : undefined}
        aria-invalid={hasError}
        aria-describedby={hasError ? `${id}-error` : undefined}
        className={`block w-full rounded-md border px-3 py-2 text-sm shadow-sm outline-none focus:ring-2 ${
          hasError ? "border-red-500 focus:ring-red-200" : "border-slate-300 focus:border-sky-500 focus:ring-sky-100"
        }`}
      />
      {hasError ? (
        <p id={`${id}-error`} className="text-sm text-red-600" data-testid={`${id}-error`}>
          {errors?.join(" ")}
        </p>
      ) : null}
    </div>
  );
}
