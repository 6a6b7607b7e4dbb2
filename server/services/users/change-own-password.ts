// A signed-in user changes their own password; the current one must be given.
import { AppError } from "../../errors";
import { hashPassword, verifyPassword } from "../../auth/password";
import { auditChange, type Actor } from "../audit/actor";
import { passwordSchema } from "./user-schemas";

export async function changeOwnPassword(actor: Actor, input: { currentPassword: string; newPassword: string }): Promise<void> {
  await auditChange(actor, { action: "account.change-password", target: `user:${actor.user.username}` }, async () => {
    const row = await actor.db.user.findUniqueOrThrow({ where: { id: actor.user.id }, select: { passwordHash: true } });
    if (!(await verifyPassword(row.passwordHash, input.currentPassword))) {
      throw new AppError("InvalidArgument", "The current password is wrong.", { fieldErrors: { currentPassword: ["Wrong password"] } });
    }
    const parsed = passwordSchema.safeParse(input.newPassword);
    if (!parsed.success) {
      throw new AppError("InvalidArgument", parsed.error.issues[0]?.message ?? "Invalid password.", {
        fieldErrors: { newPassword: parsed.error.issues.map((issue) => issue.message) },
      });
    }
    await actor.db.user.update({ where: { id: actor.user.id }, data: { passwordHash: await hashPassword(parsed.data) } });
  });
}
