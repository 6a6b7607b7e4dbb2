// Deletes a user (their bindings, memberships and API tokens go with them; audit rows keep the username).
// Nobody may delete themselves or the last enabled administrator.
import { AppError } from "../../errors";
import { auditChange, type Actor } from "../audit/actor";
import { countOtherActiveAdmins, findUserOrThrow, LAST_ADMIN } from "./find-user";

export async function deleteUser(actor: Actor, input: { userId: string }): Promise<void> {
  const user = await findUserOrThrow(actor.db, input.userId);
  await auditChange(actor, { action: "user.delete", target: `user:${user.username}` }, async () => {
    if (user.id === actor.user.id) throw new AppError("Conflict", "You cannot delete your own account; ask another administrator.");
    if (user.isAdmin && !actor.user.isAdmin) throw new AppError("Forbidden", "Only an administrator can delete an administrator.");
    if (user.isAdmin && !user.disabled && (await countOtherActiveAdmins(actor.db, user.id)) === 0) {
      throw new AppError("Conflict", LAST_ADMIN);
    }
    await actor.db.user.delete({ where: { id: user.id } });
  });
}
