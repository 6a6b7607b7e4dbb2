// Creates an empty team; names are unique.
import { isUniqueViolation } from "../../db/client";
import { AppError } from "../../errors";
import { auditChange, type Actor } from "../audit/actor";
import { nameSchema } from "./team-schemas";

export async function createTeam(actor: Actor, input: { name: string }): Promise<{ id: string; name: string }> {
  const parsed = nameSchema.safeParse(input.name);
  if (!parsed.success) {
    throw new AppError("InvalidArgument", parsed.error.issues[0]?.message ?? "Invalid name.", {
      fieldErrors: { name: parsed.error.issues.map((issue) => issue.message) },
    });
  }
  const name = parsed.data;
  return auditChange(actor, { action: "team.create", target: `team:${name}` }, async () => {
    try {
      return await actor.db.team.create({ data: { name }, select: { id: true, name: true } });
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new AppError("AlreadyExists", `A team named "${name}" already exists. Choose another name.`, {
          cause: error,
          fieldErrors: { name: ["This name is taken"] },
        });
      }
      throw error;
    }
  });
}
