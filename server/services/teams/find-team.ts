// Loads a team by id or throws NotFound.
import type { Database } from "../../db/client";
import { AppError } from "../../errors";

export async function findTeamOrThrow(db: Database, teamId: string): Promise<{ id: string; name: string }> {
  const team = await db.team.findUnique({ where: { id: teamId }, select: { id: true, name: true } });
  if (!team) throw new AppError("NotFound", `No team with id "${teamId}". It may have been deleted; reload the list.`);
  return team;
}
