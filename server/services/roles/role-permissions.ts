// The permissions a Role row stands for: built-in roles take them from code (BUILT_IN_ROLES, keyed by the
// fixed id), custom roles from their JSON column (unknown strings are dropped, never trusted).
import { BUILT_IN_ROLES, isBuiltInRole, isPermission, type Permission } from "../../auth/permissions";

export function rolePermissions(role: { id: string; builtIn: boolean; permissions: string }): Permission[] {
  if (role.builtIn) return isBuiltInRole(role.id) ? [...BUILT_IN_ROLES[role.id]] : [];
  return parsePermissionList(role.permissions);
}

export function parsePermissionList(json: string): Permission[] {
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? value.filter(isPermission) : [];
  } catch {
    return [];
  }
}
