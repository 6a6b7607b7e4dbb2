// Every role with its effective permissions; Administrator (User.isAdmin) is listed first as a built-in.
import type { Database } from "../../db/client";
import { BUILT_IN_ROLES, type Permission } from "../../auth/permissions";
import { rolePermissions } from "./role-permissions";

export type RoleView = { id: string; name: string; description: string; builtIn: boolean; permissions: Permission[]; bindingCount: number };

export const ADMINISTRATOR_ROLE_ID = "administrator";

export async function listRoles(db: Database): Promise<RoleView[]> {
  const roles = await db.role.findMany({
    orderBy: [{ builtIn: "desc" }, { name: "asc" }],
    select: { id: true, name: true, description: true, builtIn: true, permissions: true, _count: { select: { bindings: true } } },
  });
  return [
    {
      id: ADMINISTRATOR_ROLE_ID,
      name: "Administrator",
      description: "Everything, on every environment. Granted per user (not by binding).",
      builtIn: true,
      permissions: [...BUILT_IN_ROLES.administrator],
      bindingCount: await db.user.count({ where: { isAdmin: true } }),
    },
    ...roles.map(({ _count, ...role }) => ({ ...role, permissions: rolePermissions(role), bindingCount: _count.bindings })),
  ];
}
