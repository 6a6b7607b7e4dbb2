// What server components in app/ may ask before rendering a page (app/ never touches the database itself).
import "server-only";
import { getDb } from "../db/client";
import { getSetupState } from "../services/setup/get-setup-state";
import { getPrincipal } from "../services/auth/get-principal";
import { describeAccess, type AccessView } from "../services/users/describe-access";
import { auth } from "./auth";

export { getSessionUser } from "./session-actions";
export type { AccessView } from "../services/users/describe-access";

/** True until the first administrator exists; every page then sends the visitor to /setup. */
export async function isSetupNeeded(): Promise<boolean> {
  return (await getSetupState(getDb())).needsSetup;
}

/**
 * What the signed-in user may do (global permissions and per environment), for server components to
 * hide what the user may not do; null without a session. The server refuses regardless of the UI.
 */
export async function getSessionAccess(): Promise<AccessView | null> {
  const session = await auth();
  const db = getDb();
  const user = await getPrincipal(db, session?.user?.id);
  if (!user || user.disabled) return null;
  return describeAccess(db, user);
}
