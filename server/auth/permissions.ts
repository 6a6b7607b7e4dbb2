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
  "role:manage",
  "token:manage",
  "audit:read",
  "settings:manage",
] as const;
export type Permission = (typeof PERMISSIONS)[number];

/** What a procedure may declare: a permission, or "public" (no session needed). */
export const ACCESS_LEVELS = ["public", ...PERMISSIONS] as const;
export type Access = (typeof ACCESS_LEVELS)[number];

export function isPermission(value: unknown): value is Permission {
  return typeof value === "string" && (PERMISSIONS as readonly string[]).includes(value);
}

export function isAccess(value: unknown): value is Access {
  return typeof value === "string" && (ACCESS_LEVELS as readonly string[]).includes(value);
}

/** Built-in roles. For now only "administrator", holding every permission; the RBAC issue adds more. */
export const BUILT_IN_ROLES = {
  administrator: PERMISSIONS,
} as const satisfies Record<string, readonly Permission[]>;
export type BuiltInRole = keyof typeof BUILT_IN_ROLES;
