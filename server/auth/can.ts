// THE authorisation decision. Procedures never test roles themselves; the single tRPC middleware calls
// can() (or canAnywhere() for lists that the procedure then filters with can() per environment).
//
// Model (issue 9): a principal's permissions are the union of its grants. A grant is the permission set of a
// role bound to the user (or to a team the user is in) on one environment or on all (environmentId null).
// - A grant on all environments gives its permissions everywhere, including the global ones (user:manage…).
// - A grant on one environment gives only ENVIRONMENT_PERMISSIONS, and only on that environment.
// - Administrators (User.isAdmin) hold every permission everywhere.
// - A team leader may manage its own team's membership ("team:membership" with that teamId).
// - An API token narrows its owner: the owner must hold the permission NOW (a demoted owner's tokens shrink)
//   and the token's scope must list it (and, if the token is tied to an environment, the target must be it).
import { isEnvironmentPermission, type Permission } from "./permissions";

export type Grant = { permissions: readonly Permission[]; environmentId: string | null };

export type TokenScope = { id: string; permissions: readonly Permission[]; environmentId: string | null };

/** The facts about a signed-in principal that authorisation depends on. */
export type Principal = {
  id: string;
  isAdmin: boolean;
  disabled: boolean;
  grants?: readonly Grant[];
  ledTeamIds?: readonly string[];
  /** Present when the request authenticated with an API token rather than a session. */
  token?: TokenScope | null;
};

/** What the permission targets: an environment, and for team membership the team. */
export type Target = { environmentId?: string; teamId?: string };

function normalise(target: string | Target | undefined): Target {
  return typeof target === "string" ? { environmentId: target } : (target ?? {});
}

function tokenAllows(token: TokenScope | null | undefined, permission: Permission, environmentId: string | undefined): boolean {
  if (!token) return true;
  if (!token.permissions.includes(permission)) return false;
  if (token.environmentId === null) return true;
  // A token tied to one environment can use environment permissions there, and nothing global.
  return environmentId === token.environmentId && isEnvironmentPermission(permission);
}

function ownerHolds(principal: Principal, permission: Permission, target: Target): boolean {
  if (principal.isAdmin) return true;
  if (permission === "team:membership" && target.teamId !== undefined && principal.ledTeamIds?.includes(target.teamId)) {
    return true;
  }
  return (principal.grants ?? []).some(
    (grant) =>
      grant.permissions.includes(permission) &&
      (grant.environmentId === null ||
        (target.environmentId !== undefined && grant.environmentId === target.environmentId && isEnvironmentPermission(permission))),
  );
}

/**
 * May `principal` do `permission` on `target` (an environment id, or { environmentId, teamId })?
 * Without an environment the permission must be held globally (a grant on all environments).
 * A disabled user may do nothing; a missing principal may do nothing.
 */
export function can(principal: Principal | null | undefined, permission: Permission, target?: string | Target): boolean {
  if (!principal || principal.disabled) return false;
  const t = normalise(target);
  return tokenAllows(principal.token, permission, t.environmentId) && ownerHolds(principal, permission, t);
}

/**
 * May `principal` do `permission` on at least one environment (or globally)? For procedures that list
 * across environments: they pass this gate, then show only the environments for which can() holds.
 */
export function canAnywhere(principal: Principal | null | undefined, permission: Permission): boolean {
  if (!principal || principal.disabled) return false;
  if (can(principal, permission)) return true;
  if (!isEnvironmentPermission(permission)) return false;
  const environmentIds = new Set<string>();
  if (principal.token?.environmentId) environmentIds.add(principal.token.environmentId);
  for (const grant of principal.grants ?? []) if (grant.environmentId !== null) environmentIds.add(grant.environmentId);
  return [...environmentIds].some((environmentId) => can(principal, permission, environmentId));
}

/** The permissions `principal` holds on `environmentId` (or globally when omitted), in PERMISSIONS order. */
export function permissionsOf(principal: Principal | null | undefined, all: readonly Permission[], environmentId?: string): Permission[] {
  return all.filter((permission) => can(principal, permission, environmentId));
}
