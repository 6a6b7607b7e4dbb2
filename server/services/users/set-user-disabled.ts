// Disables or re-enables a user. A disabled user can neither sign in nor use a session or API token
// (can() refuses disabled principals). Nobody may disable themselves or the last enabled administrator, and
// only administrators may disable or enable an administrator.
import { AppError } from "../../errors";
import { auditChange, type Actor } from "../audit/actor";
import { countOtherActiveAdmins, findUserOrThrow, LAST_ADMIN } from "./find-user";

export async function setUserDisabled(actor: Actor, input: { userId: string; disabled: boolean }): Promise<void> {
  const user = await findUserOrThrow(actor.db, input.userId);
  await auditChange(actor, { action: input.disabled ? "user.disable" : "user.enable", target: `user:${user.username}` }, async () => {
    if (input.disabled && user.id === actor.user.id) {
      throw new AppError("Conflict", "You cannot disable your own account; ask another administrator.");
    }
    if (user.isAdmin && !actor.user.isAdmin) {
      throw new AppError("Forbidden", "Only an administrator can disable or enable an administrator.");
    }
    if (input.disabled && user.isAdmin && (await countOtherActiveAdmins(actor.db, user.id)) === 0) {
      throw new AppError("Conflict", LAST_ADMIN);
    }
    await actor.db.user.update({ where: { id: user.id }, data: { disabled: input.disabled } });
  });
}
