// Every user with the teams they are in (for the users page and for choosing binding subjects).
import type { Database } from "../../db/client";

export type UserView = {
  id: string;
  username: string;
  isAdmin: boolean;
  disabled: boolean;
  createdAt: Date;
  lastLoginAt: Date | null;
  teams: Array<{ id: string; name: string; isLeader: boolean }>;
};

export async function listUsers(db: Database): Promise<UserView[]> {
  const users = await db.user.findMany({
    orderBy: { username: "asc" },
    select: {
      id: true,
      username: true,
      isAdmin: true,
      disabled: true,
      createdAt: true,
      lastLoginAt: true,
      teams: { select: { isLeader: true, team: { select: { id: true, name: true } } } },
    },
  });
  return users.map(({ teams, ...user }) => ({
    ...user,
    teams: teams.map((member) => ({ id: member.team.id, name: member.team.name, isLeader: member.isLeader })),
  }));
}
