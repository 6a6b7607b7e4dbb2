// What a principal may do, for the UI to hide what it may not (the server refuses regardless): global
// permissions, and per environment the permissions it holds there.
import type { Database } from "../../db/client";
import { permissionsOf } from "../../auth/can";
import { PERMISSIONS, type Permission } from "../../auth/permissions";
import type { SessionUser } from "../auth/get-principal";

export type AccessView = {
  userId: string;
  username: string;
  isAdmin: boolean;
  via: "session" | "token";
  global: Permission[];
  environments: Array<{ id: string; name: string; permissions: Permission[] }>;
  ledTeamIds: string[];
};

export async function describeAccess(db: Database, user: SessionUser): Promise<AccessView> {
  const environments = await db.environment.findMany({ orderBy: { name: "asc" }, select: { id: true, name: true } });
  return {
    userId: user.id,
    username: user.username,
    isAdmin: user.isAdmin,
    via: user.token ? "token" : "session",
    global: permissionsOf(user, PERMISSIONS),
    environments: environments
      .map((e) => ({ ...e, permissions: permissionsOf(user, PERMISSIONS, e.id) }))
      .filter((e) => e.permissions.length > 0),
    ledTeamIds: user.ledTeamIds ?? [],
  };
}
