// Every role binding with names resolved (role, user or team, environment; "All environments" for null).
import type { Database } from "../../db/client";

export type BindingView = {
  id: string;
  roleId: string;
  roleName: string;
  subject: { kind: "user" | "team"; id: string; name: string };
  environmentId: string | null;
  environmentName: string | null;
  createdAt: Date;
};

export async function listBindings(db: Database): Promise<BindingView[]> {
  const [bindings, environments] = await Promise.all([
    db.roleBinding.findMany({
      orderBy: { createdAt: "asc" },
      select: {
        id: true,
        roleId: true,
        environmentId: true,
        createdAt: true,
        role: { select: { name: true } },
        user: { select: { id: true, username: true } },
        team: { select: { id: true, name: true } },
      },
    }),
    db.environment.findMany({ select: { id: true, name: true } }),
  ]);
  const environmentNames = new Map(environments.map((e) => [e.id, e.name]));
  return bindings.map((b) => ({
    id: b.id,
    roleId: b.roleId,
    roleName: b.role.name,
    subject: b.user
      ? { kind: "user" as const, id: b.user.id, name: b.user.username }
      : { kind: "team" as const, id: b.team?.id ?? "", name: b.team?.name ?? "" },
    environmentId: b.environmentId,
    environmentName: b.environmentId === null ? null : (environmentNames.get(b.environmentId) ?? `(removed ${b.environmentId})`),
    createdAt: b.createdAt,
  }));
}
