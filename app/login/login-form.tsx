"use client";
import { useActionState, useState } from "react";
import { signInAction, type SignInState } from "./actions";
import { FormField } from "../components/form-field";

const initialState: SignInState = { error: null };

export function LoginForm() {
  const [state, formAction, pending] = useActionState(signInAction, initialState);
  // Controlled, so the username survives React's form reset after a failed attempt (the password does not).
  const [username, setUsername] = useState("");
  return (
    <form action={formAction} className="space-y-4">
      <FormField id="username" label="Username" autoComplete="username" value={username} onChange={setUsername} />
      <FormField id="password" label="Password" type="password" autoComplete="current-password" />
      {state.error ? (
        <p role="alert" data-testid="form-error" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">
          {state.error}
        </p>
      ) : null}
      <button
        type="submit"
        disabled={pending}
        className="w-full rounded-md bg-sky-600 px-4 py-2 text-sm font-semibold text-white shadow hover:bg-sky-700 disabled:opacity-60"
      >
        {pending ? "Signing in…" : "Sign in"}
      </button>
    </form>
  );
}
