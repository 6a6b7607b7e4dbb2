// Sign-in and sign-out as called from the login form and the top bar (through server actions in app/).
import "server-only";
import { headers } from "next/headers";
import { AuthError, CredentialsSignin } from "next-auth";
import { auth, signIn, signOut } from "./auth";
import { clientAddressFrom } from "./client-address";
import { getDb } from "../db/client";
import { getLogger } from "../log";
import { formatTooManyAttempts } from "./sign-in-limiter";
import { INVALID_CREDENTIALS } from "../services/auth/verify-sign-in";
import { getPrincipal } from "../services/auth/get-principal";
import { writeAuditEntry } from "../services/audit/write-audit-entry";

export type SignInOutcome = { ok: true } | { ok: false; error: string };

/** Verifies credentials and sets the session cookie; never redirects (the caller does). */
export async function signInWithPassword(username: string, password: string): Promise<SignInOutcome> {
  try {
    await signIn("credentials", { username, password, redirect: false });
    return { ok: true };
  } catch (error) {
    if (error instanceof CredentialsSignin || (error as { type?: string }).type === "CredentialsSignin") {
      const code = (error as CredentialsSignin).code ?? "";
      const wait = /^rate_limited:(\d+)$/.exec(code);
      return { ok: false, error: wait ? formatTooManyAttempts(Number(wait[1])) : INVALID_CREDENTIALS };
    }
    if (error instanceof AuthError) {
      getLogger().error({ err: error }, "sign-in failed");
      return { ok: false, error: "Sign-in failed on the server. Try again." };
    }
    throw error;
  }
}

/** Audits the sign-out, clears the session cookie and redirects to /login. */
export async function signOutCurrentUser(): Promise<never> {
  const session = await auth();
  const address = clientAddressFrom(await headers());
  if (session?.user?.id) {
    await writeAuditEntry(getDb(), getLogger(), {
      action: "auth.sign-out",
      result: "success",
      userId: session.user.id,
      username: session.user.name ?? null,
      address,
    });
  }
  await signOut({ redirectTo: "/login" });
  throw new Error("unreachable: signOut redirects");
}

/** The signed-in user (re-read from the database), or null. For server components. */
export async function getSessionUser(): Promise<{ id: string; username: string } | null> {
  const session = await auth();
  const user = await getPrincipal(getDb(), session?.user?.id);
  if (!user || user.disabled) return null;
  return { id: user.id, username: user.username };
}
