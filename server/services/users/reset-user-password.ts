// An administrator sets a new password for another user (e.g. one who forgot theirs).
import { AppError } from "../../errors";
import { hashPassword } from "../../auth/password";
import { auditChange, type Actor } from "../audit/actor";
import { findUserOrThrow } from "./find-user";
import { passwordSchema } from "./user-schemas";

export async function resetUserPassword(actor: Actor, input: { userId: string; password: string }): Promise<void> {
  const user = await findUserOrThrow(actor.db, input.userId);
  await auditChange(actor, { action: "user.reset-password", target: `user:${user.username}` }, async () => {
    const parsed = passwordSchema.safeParse(input.password);
    if (!parsed.success) {
      throw new AppError("InvalidArgument", parsed.error.issues[0]?.message ?? "Invalid password.", {
        fieldErrors: { password: parsed.error.issues.map((issue) => issue.message) },
      });
    }
    if (user.isAdmin && !actor.user.isAdmin) throw new AppError("Forbidden", "Only an administrator can reset an administrator's password.");
    await actor.db.user.update({ where: { id: user.id }, data: { passwordHash: await hashPassword(parsed.data) } });
  });
}
