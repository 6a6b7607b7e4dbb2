// Creates a user (optionally an administrator; only administrators may create administrators).
import { isUniqueViolation } from "../../db/client";
import { AppError } from "../../errors";
import { hashPassword } from "../../auth/password";
import { fieldErrorsOf } from "../setup/admin-credentials-schema";
import { auditChange, type Actor } from "../audit/actor";
import { createUserSchema, type CreateUserInput } from "./user-schemas";

export async function createUser(actor: Actor, input: CreateUserInput): Promise<{ id: string; username: string }> {
  const parsed = createUserSchema.safeParse(input);
  if (!parsed.success) {
    throw new AppError("InvalidArgument", "Check the highlighted fields.", { fieldErrors: fieldErrorsOf(parsed.error) });
  }
  const { username, password, isAdmin } = parsed.data;
  return auditChange(actor, { action: "user.create", target: `user:${username}`, detail: isAdmin ? "administrator" : null }, async () => {
    if (isAdmin && !actor.user.isAdmin) throw new AppError("Forbidden", "Only an administrator can create another administrator.");
    const passwordHash = await hashPassword(password);
    try {
      return await actor.db.user.create({ data: { username, passwordHash, isAdmin }, select: { id: true, username: true } });
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new AppError("AlreadyExists", `A user named "${username}" already exists. Choose another name.`, {
          cause: error,
          fieldErrors: { username: ["This username is taken"] },
        });
      }
      throw error;
    }
  });
}
