// Gives a role to a user or a team on one environment or on all (environmentId null), and takes it away.
// Exactly one subject; the role, subject and environment must exist; the same binding twice is refused.
import { AppError } from "../../errors";
import { auditChange, type Actor } from "../audit/actor";
import { ADMINISTRATOR_ROLE_ID } from "../roles/list-roles";
import { rolePermissions } from "../roles/role-permissions";
import { can } from "../../auth/can";

export type CreateBindingInput = { roleId: string; userId?: string | null; teamId?: string | null; environmentId?: string | null };

async function describeBinding(actor: Actor, input: CreateBindingInput) {
  if (input.roleId === ADMINISTRATOR_ROLE_ID) {
    throw new AppError("InvalidArgument", "Administrator is granted per user (Users page), not by binding.");
  }
  if (Boolean(input.userId) === Boolean(input.teamId)) {
    throw new AppError("InvalidArgument", "Choose exactly one user or one team for the binding.", { fieldErrors: { subject: ["Choose a user or a team"] } });
  }
  const role = await actor.db.role.findUnique({ where: { id: input.roleId }, select: { id: true, name: true, builtIn: true, permissions: true } });
  if (!role) throw new AppError("NotFound", `No role with id "${input.roleId}".`, { fieldErrors: { roleId: ["Unknown role"] } });
  const subject = input.userId
    ? await actor.db.user.findUnique({ where: { id: input.userId }, select: { username: true } }).then((u) => u && `user:${u.username}`)
    : await actor.db.team.findUnique({ where: { id: input.teamId ?? "" }, select: { name: true } }).then((t) => t && `team:${t.name}`);
  if (!subject) throw new AppError("NotFound", `No ${input.userId ? "user" : "team"} with that id; reload the page.`);
  let environmentName = "all environments";
  if (input.environmentId) {
    const environment = await actor.db.environment.findUnique({ where: { id: input.environmentId }, select: { name: true } });
    if (!environment) throw new AppError("NotFound", `No environment with id "${input.environmentId}".`, { fieldErrors: { environmentId: ["Unknown environment"] } });
    environmentName = environment.name;
  }
  return { role, subject, environmentName };
}

export async function createBinding(actor: Actor, input: CreateBindingInput): Promise<{ id: string }> {
  const { role, subject, environmentName } = await describeBinding(actor, input);
  return auditChange(
    actor,
    { action: "binding.create", target: subject, environmentId: input.environmentId ?? null, detail: `${role.name} on ${environmentName}` },
    async () => {
      // No escalation: only a role whose permissions the binder holds on that scope can be given.
      const wider = rolePermissions(role).filter((p) => !can(actor.user, p, input.environmentId ?? undefined));
      if (wider.length > 0) throw new AppError("Forbidden", `You cannot give ${role.name}: you do not hold ${wider.join(", ")} there.`);
      const where = { roleId: role.id, userId: input.userId ?? null, teamId: input.teamId ?? null, environmentId: input.environmentId ?? null };
      // SQLite treats NULLs as distinct in unique indexes, so duplicates are checked here.
      if (await actor.db.roleBinding.findFirst({ where })) {
        throw new AppError("AlreadyExists", `${subject} already has ${role.name} on ${environmentName}.`);
      }
      return actor.db.roleBinding.create({ data: where, select: { id: true } });
    },
  );
}

export async function deleteBinding(actor: Actor, input: { bindingId: string }): Promise<void> {
  const binding = await actor.db.roleBinding.findUnique({
    where: { id: input.bindingId },
    select: { id: true, environmentId: true, role: { select: { name: true } }, user: { select: { username: true } }, team: { select: { name: true } } },
  });
  if (!binding) throw new AppError("NotFound", `No role binding with id "${input.bindingId}"; reload the list.`);
  const subject = binding.user ? `user:${binding.user.username}` : `team:${binding.team?.name ?? "?"}`;
  await auditChange(actor, { action: "binding.delete", target: subject, environmentId: binding.environmentId, detail: binding.role.name }, async () => {
    await actor.db.roleBinding.delete({ where: { id: binding.id } });
  });
}
