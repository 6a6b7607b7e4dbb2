// What server components in app/ may ask before rendering a page (app/ never touches the database itself).
import "server-only";
import { getDb } from "../db/client";
import { getSetupState } from "../services/setup/get-setup-state";

export { getSessionUser } from "./session-actions";

/** True until the first administrator exists; every page then sends the visitor to /setup. */
export async function isSetupNeeded(): Promise<boolean> {
  return (await getSetupState(getDb())).needsSetup;
}
