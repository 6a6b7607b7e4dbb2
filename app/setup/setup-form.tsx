"use client";
import { useState, type FormEvent } from "react";
import { useRouter } from "next/navigation";
import { useMutation } from "@tanstack/react-query";
import { useTRPC } from "../trpc-provider";
import { FormField } from "../components/form-field";
import { adminCredentialsSchema, fieldErrorsOf } from "@/server/services/setup/admin-credentials-schema";

type FieldErrors = Record<string, string[] | undefined>;

export function SetupForm() {
  const trpc = useTRPC();
  const router = useRouter();
  const [values, setValues] = useState({ username: "admin", password: "", confirmPassword: "" });
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);

  const createAdmin = useMutation(
    trpc.setup.createAdmin.mutationOptions({
      onSuccess: () => router.push("/login?created=1"),
      onError: (error) => {
        const serverFieldErrors = (error.data as { fieldErrors?: FieldErrors } | undefined)?.fieldErrors;
        if (serverFieldErrors && Object.keys(serverFieldErrors).length > 0) setFieldErrors(serverFieldErrors);
        setFormError(error.message);
      },
    }),
  );

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    setFormError(null);
    const parsed = adminCredentialsSchema.safeParse(values);
    if (!parsed.success) {
      setFieldErrors(fieldErrorsOf(parsed.error));
      return;
    }
    setFieldErrors({});
    createAdmin.mutate(values);
  }

  const set = (field: keyof typeof values) => (value: string) => setValues((v) => ({ ...v, [field]: value }));

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4">
      <FormField id="username" label="Username" autoComplete="username" value={values.username} onChange={set("username")} errors={fieldErrors.username} />
      <FormField id="password" label="Password" type="password" autoComplete="new-password" value={values.password} onChange={set("password")} errors={fieldErrors.password} />
      <FormField id="confirmPassword" label="Confirm password" type="password" autoComplete="new-password" value={values.confirmPassword} onChange={set("confirmPassword")} errors={fieldErrors.confirmPassword} />
      <p className="text-xs text-slate-500">At least 12 characters. There is no default password.</p>
      {formError ? (
        <p role="alert" data-testid="form-error" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">
          {formError}
        </p>
      ) : null}
      <button
        type="submit"
        disabled={createAdmin.isPending}
        className="w-full rounded-md bg-sky-600 px-4 py-2 text-sm font-semibold text-white shadow hover:bg-sky-700 disabled:opacity-60"
      >
        {createAdmin.isPending ? "Creating…" : "Create administrator"}
      </button>
    </form>
  );
}
