// THE authorisation decision. Procedures never test roles themselves; the single tRPC middleware calls
// can(). The RBAC issue changes only this function and the data behind it (roles per environment).
import { BUILT_IN_ROLES, type BuiltInRole, type Permission } from "./permissions";

/** The facts about a signed-in user that authorisation depends on. */
export type Principal = {
  id: string;
  isAdmin: boolean;
  disabled: boolean;
};

/** Roles a principal holds, optionally scoped to one environment (unused until RBAC). */
export function rolesOf(principal: Principal, _environmentId?: string): BuiltInRole[] {
  return principal.isAdmin ? ["administrator"] : [];
}

/**
 * May `principal` do `permission` (on `environmentId`, when the action targets one)?
 * A disabled user may do nothing; a missing principal may do nothing.
 */
export function can(principal: Principal | null | undefined, permission: Permission, environmentId?: string): boolean {
  if (!principal || principal.disabled) return false;
  return rolesOf(principal, environmentId).some((role) =>
    (BUILT_IN_ROLES[role] as readonly Permission[]).includes(permission),
  );
}
