// Teams with their members. Those who may manage users see every team; anyone else sees the teams they are in.
import type { Database } from "../../db/client";
import { can } from "../../auth/can";
import type { SessionUser } from "../auth/get-principal";

export type TeamView = {
  id: string;
  name: string;
  createdAt: Date;
  members: Array<{ userId: string; username: string; isLeader: boolean }>;
};

export async function listTeams(db: Database, user: SessionUser): Promise<TeamView[]> {
  const teams = await db.team.findMany({
    where: can(user, "user:manage") ? {} : { members: { some: { userId: user.id } } },
    orderBy: { name: "asc" },
    select: {
      id: true,
      name: true,
      createdAt: true,
      members: { select: { userId: true, isLeader: true, user: { select: { username: true } } }, orderBy: { user: { username: "asc" } } },
    },
  });
  return teams.map((team) => ({
    ...team,
    members: team.members.map((member) => ({ userId: member.userId, username: member.user.username, isLeader: member.isLeader })),
  }));
}
