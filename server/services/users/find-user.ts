// Loads a user by id or throws NotFound with a message naming what was looked for.
import type { Database } from "../../db/client";
import { AppError } from "../../errors";

export async function findUserOrThrow(db: Database, userId: string) {
  const user = await db.user.findUnique({ where: { id: userId }, select: { id: true, username: true, isAdmin: true, disabled: true } });
  if (!user) throw new AppError("NotFound", `No user with id "${userId}". It may have been deleted; reload the list.`);
  return user;
}

export async function findUserByNameOrThrow(db: Database, username: string) {
  const user = await db.user.findUnique({ where: { username: username.trim() }, select: { id: true, username: true, isAdmin: true, disabled: true } });
  if (!user) throw new AppError("NotFound", `No user named "${username.trim()}". Check the spelling.`, { fieldErrors: { username: ["Unknown user"] } });
  return user;
}

/** Enabled administrators other than `exceptUserId`: the ones who could still administer Wharf. */
export async function countOtherActiveAdmins(db: Database, exceptUserId: string): Promise<number> {
  return db.user.count({ where: { isAdmin: true, disabled: false, id: { not: exceptUserId } } });
}

export const LAST_ADMIN =
  "This is the last enabled administrator: make another user an administrator first, or Wharf could not be administered.";
