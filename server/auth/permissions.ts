// The closed list of permissions. Every tRPC procedure declares exactly one ACCESS value (a permission, or
// "public" for procedures that anyone may call, e.g. sign-in and first-run setup). See server/trpc/init.ts.

export const PERMISSIONS = [
  "environment:read",
  "environment:manage",
  "container:read",
  "container:operate",
  "container:create",
  "container:remove",
  "container:console",
  "container:logs",
  "image:read",
  "image:manage",
  "volume:read",
  "volume:manage",
  "network:read",
  "network:manage",
  "stack:read",
  "stack:manage",
  "registry:read",
  "registry:manage",
  "webhook:manage",
  "user:manage",
  "team:membership",
  "role:manage",
  "token:manage",
  "audit:read",
  "settings:manage",
] as const;
export type Permission = (typeof PERMISSIONS)[number];

/**
 * Permissions that make sense on one environment (a binding with an environmentId grants only these).
 * Every other permission is global: only a binding on all environments (environmentId = null) grants it.
 */
export const ENVIRONMENT_PERMISSIONS = [
  "environment:read",
  "environment:manage",
  "container:read",
  "container:operate",
  "container:create",
  "container:remove",
  "container:console",
  "container:logs",
  "image:read",
  "image:manage",
  "volume:read",
  "volume:manage",
  "network:read",
  "network:manage",
  "stack:read",
  "stack:manage",
  "registry:read",
  "registry:manage",
  "webhook:manage",
] as const satisfies readonly Permission[];

export function isEnvironmentPermission(permission: Permission): boolean {
  return (ENVIRONMENT_PERMISSIONS as readonly string[]).includes(permission);
}

/**
 * What a procedure may declare: a permission; "public" (no session needed); "signed-in" (any signed-in
 * principal, session or API token, e.g. "what may I do?"); "session" (a browser session, never an API
 * token: changing one's own password, minting or revoking one's own tokens).
 */
export const ACCESS_LEVELS = ["public", "signed-in", "session", ...PERMISSIONS] as const;
export type Access = (typeof ACCESS_LEVELS)[number];

export function isPermission(value: unknown): value is Permission {
  return typeof value === "string" && (PERMISSIONS as readonly string[]).includes(value);
}

export function isAccess(value: unknown): value is Access {
  return typeof value === "string" && (ACCESS_LEVELS as readonly string[]).includes(value);
}

const READ_PERMISSIONS = PERMISSIONS.filter((p) => p.endsWith(":read") && p !== "audit:read");

/**
 * Built-in roles, keyed by their fixed Role.id (seeded by the RBAC migration). "administrator" is not a Role
 * row: it is User.isAdmin, global by definition, and holds every permission.
 */
export const BUILT_IN_ROLES = {
  administrator: PERMISSIONS,
  "environment-administrator": ENVIRONMENT_PERMISSIONS,
  operator: [
    ...READ_PERMISSIONS,
    "container:operate",
    "container:logs",
    "container:console",
    "stack:manage",
  ],
  helpdesk: [...READ_PERMISSIONS, "container:logs"],
  "read-only": READ_PERMISSIONS,
} as const satisfies Record<string, readonly Permission[]>;
export type BuiltInRole = keyof typeof BUILT_IN_ROLES;

export function isBuiltInRole(value: string): value is BuiltInRole {
  return Object.hasOwn(BUILT_IN_ROLES, value);
}
