// Grants or removes the Administrator role (User.isAdmin: every permission, globally). Only administrators
// may change it; nobody may demote themselves (lockout) or the last enabled administrator.
import { AppError } from "../../errors";
import { auditChange, type Actor } from "../audit/actor";
import { countOtherActiveAdmins, findUserOrThrow, LAST_ADMIN } from "./find-user";

export async function setUserAdmin(actor: Actor, input: { userId: string; isAdmin: boolean }): Promise<void> {
  const user = await findUserOrThrow(actor.db, input.userId);
  await auditChange(actor, { action: "user.set-admin", target: `user:${user.username}`, detail: input.isAdmin ? "grant" : "revoke" }, async () => {
    if (!actor.user.isAdmin) throw new AppError("Forbidden", "Only an administrator can grant or remove the Administrator role.");
    if (!input.isAdmin && user.id === actor.user.id) {
      throw new AppError("Conflict", "You cannot remove your own Administrator role (you would lock yourself out); ask another administrator.");
    }
    if (!input.isAdmin && user.isAdmin && (await countOtherActiveAdmins(actor.db, user.id)) === 0) {
      throw new AppError("Conflict", LAST_ADMIN);
    }
    await actor.db.user.update({ where: { id: user.id }, data: { isAdmin: input.isAdmin } });
  });
}
