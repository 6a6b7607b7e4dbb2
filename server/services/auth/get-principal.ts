// Loads the current facts about a signed-in user (a session or token may outlive a change to the user):
// the user row, every role grant (own bindings and the user's teams' bindings) and the teams it leads.
import type { Database } from "../../db/client";
import type { Grant, TokenScope } from "../../auth/can";
import { rolePermissions } from "../roles/role-permissions";

export type SessionUser = {
  id: string;
  username: string;
  isAdmin: boolean;
  disabled: boolean;
  grants?: Grant[];
  ledTeamIds?: string[];
  /** Set when the request authenticated with an API token (see services/tokens/authenticate-token.ts). */
  token?: TokenScope | null;
};

const bindingSelect = { environmentId: true, role: { select: { id: true, builtIn: true, permissions: true } } } as const;

export async function getPrincipal(db: Database, userId: string | undefined | null): Promise<SessionUser | null> {
  if (!userId) return null;
  const user = await db.user.findUnique({
    where: { id: userId },
    select: {
      id: true,
      username: true,
      isAdmin: true,
      disabled: true,
      bindings: { select: bindingSelect },
      teams: { select: { teamId: true, isLeader: true, team: { select: { bindings: { select: bindingSelect } } } } },
    },
  });
  if (!user) return null;
  const bindings = [...user.bindings, ...user.teams.flatMap((member) => member.team.bindings)];
  return {
    id: user.id,
    username: user.username,
    isAdmin: user.isAdmin,
    disabled: user.disabled,
    grants: bindings.map((binding) => ({ environmentId: binding.environmentId, permissions: rolePermissions(binding.role) })),
    ledTeamIds: user.teams.filter((member) => member.isLeader).map((member) => member.teamId),
  };
}
