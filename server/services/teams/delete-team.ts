// Deletes a team; its memberships and role bindings go with it.
import { auditChange, type Actor } from "../audit/actor";
import { findTeamOrThrow } from "./find-team";

export async function deleteTeam(actor: Actor, input: { teamId: string }): Promise<void> {
  const team = await findTeamOrThrow(actor.db, input.teamId);
  await auditChange(actor, { action: "team.delete", target: `team:${team.name}` }, async () => {
    await actor.db.team.delete({ where: { id: team.id } });
  });
}
