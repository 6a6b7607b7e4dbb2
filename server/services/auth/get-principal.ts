// Loads the current facts about a signed-in user (a session token may outlive a change to the user).
import type { Database } from "../../db/client";

export type SessionUser = { id: string; username: string; isAdmin: boolean; disabled: boolean };

export async function getPrincipal(db: Database, userId: string | undefined | null): Promise<SessionUser | null> {
  if (!userId) return null;
  return db.user.findUnique({
    where: { id: userId },
    select: { id: true, username: true, isAdmin: true, disabled: true },
  });
}
