import type { ShownError } from "./trpc-error";

/** The message at the top of a form or page; links to sign-in when the session is gone. */
export function ErrorBanner({ error }: { error: ShownError | null }) {
  if (!error) return null;
  return (
    <div role="alert" data-testid="form-error" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">
      {error.message}
      {error.signedOut ? (
        <>
          {" "}
          <a href="/login" className="font-medium underline">
            Sign in
          </a>
        </>
      ) : null}
    </div>
  );
}
