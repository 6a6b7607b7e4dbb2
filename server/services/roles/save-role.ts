// Creates, updates and deletes custom roles. Built-in roles are fixed. A role needs at least one permission
// from the closed PERMISSIONS list; names are unique; a role still bound to someone cannot be deleted.
import { z } from "zod";
import { isUniqueViolation } from "../../db/client";
import { AppError } from "../../errors";
import { PERMISSIONS } from "../../auth/permissions";
import { fieldErrorsOf } from "../setup/admin-credentials-schema";
import { nameSchema } from "../teams/team-schemas";
import { auditChange, type Actor } from "../audit/actor";
import { ADMINISTRATOR_ROLE_ID } from "./list-roles";
import { can } from "../../auth/can";
import type { Permission } from "../../auth/permissions";

/** No escalation: a role manager may only build roles out of permissions they hold everywhere. */
function refuseWiderThanActor(actor: Actor, permissions: readonly Permission[]): void {
  const wider = permissions.filter((p) => !can(actor.user, p));
  if (wider.length > 0) {
    throw new AppError("Forbidden", `A role cannot include permissions you do not hold: ${wider.join(", ")}.`, {
      fieldErrors: { permissions: [`Not yours to give: ${wider.join(", ")}`] },
    });
  }
}

export const roleInputSchema = z.object({
  name: nameSchema,
  description: z.string().trim().max(200, "Description must be at most 200 characters").default(""),
  permissions: z
    .array(z.enum(PERMISSIONS, { message: "Unknown permission" }))
    .min(1, "Choose at least one permission")
    .transform((list) => PERMISSIONS.filter((p) => list.includes(p))),
});
export type RoleInput = z.input<typeof roleInputSchema>;

function parseRole(input: RoleInput) {
  const parsed = roleInputSchema.safeParse(input);
  if (!parsed.success) {
    throw new AppError("InvalidArgument", "Check the highlighted fields.", { fieldErrors: fieldErrorsOf(parsed.error) });
  }
  return parsed.data;
}

function duplicateName(name: string, error: unknown): AppError {
  return new AppError("AlreadyExists", `A role named "${name}" already exists. Choose another name.`, {
    cause: error,
    fieldErrors: { name: ["This name is taken"] },
  });
}

async function findCustomRoleOrThrow(actor: Actor, roleId: string) {
  if (roleId === ADMINISTRATOR_ROLE_ID) throw new AppError("Conflict", "Built-in roles cannot be changed or deleted.");
  const role = await actor.db.role.findUnique({ where: { id: roleId }, select: { id: true, name: true, builtIn: true } });
  if (!role) throw new AppError("NotFound", `No role with id "${roleId}". It may have been deleted; reload the list.`);
  if (role.builtIn) throw new AppError("Conflict", `"${role.name}" is a built-in role and cannot be changed or deleted.`);
  return role;
}

export async function createRole(actor: Actor, input: RoleInput): Promise<{ id: string; name: string }> {
  const role = parseRole(input);
  return auditChange(actor, { action: "role.create", target: `role:${role.name}`, detail: role.permissions.join(",") }, async () => {
    refuseWiderThanActor(actor, role.permissions);
    try {
      return await actor.db.role.create({
        data: { name: role.name, description: role.description, permissions: JSON.stringify(role.permissions) },
        select: { id: true, name: true },
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw duplicateName(role.name, error);
      throw error;
    }
  });
}

export async function updateRole(actor: Actor, input: RoleInput & { roleId: string }): Promise<void> {
  const role = parseRole(input);
  await auditChange(actor, { action: "role.update", target: `role:${role.name}`, detail: role.permissions.join(",") }, async () => {
    const existing = await findCustomRoleOrThrow(actor, input.roleId);
    refuseWiderThanActor(actor, role.permissions);
    try {
      await actor.db.role.update({
        where: { id: existing.id },
        data: { name: role.name, description: role.description, permissions: JSON.stringify(role.permissions) },
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw duplicateName(role.name, error);
      throw error;
    }
  });
}

export async function deleteRole(actor: Actor, input: { roleId: string }): Promise<void> {
  await auditChange(actor, { action: "role.delete", target: `role:${input.roleId}` }, async () => {
    const role = await findCustomRoleOrThrow(actor, input.roleId);
    const bindings = await actor.db.roleBinding.count({ where: { roleId: role.id } });
    if (bindings > 0) {
      throw new AppError("Conflict", `"${role.name}" is still bound ${bindings} time(s); remove those bindings first.`);
    }
    await actor.db.role.delete({ where: { id: role.id } });
  });
}
