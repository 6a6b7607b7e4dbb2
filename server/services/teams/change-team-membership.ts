// Adds a member to a team or removes one. Allowed to user managers and to the team's own leaders (the access
// declaration "team:membership" with the teamId; see can()). Only user managers may appoint leaders.
import { AppError } from "../../errors";
import { can } from "../../auth/can";
import { auditChange, type Actor } from "../audit/actor";
import { findUserByNameOrThrow, findUserOrThrow } from "../users/find-user";
import { findTeamOrThrow } from "./find-team";

/** The member is named by id, or by username (team leaders cannot list users). */
export async function addTeamMember(
  actor: Actor,
  input: { teamId: string; userId?: string; username?: string; isLeader?: boolean },
): Promise<void> {
  const team = await findTeamOrThrow(actor.db, input.teamId);
  const user = input.userId ? await findUserOrThrow(actor.db, input.userId) : await findUserByNameOrThrow(actor.db, input.username ?? "");
  await auditChange(actor, { action: "team.add-member", target: `team:${team.name}`, detail: `user:${user.username}` }, async () => {
    if (input.isLeader && !can(actor.user, "user:manage")) {
      throw new AppError("Forbidden", 'Only users with "user:manage" can appoint team leaders.');
    }
    const existing = await actor.db.teamMember.findUnique({ where: { teamId_userId: { teamId: team.id, userId: user.id } } });
    if (existing) throw new AppError("AlreadyExists", `"${user.username}" is already a member of "${team.name}".`);
    await actor.db.teamMember.create({ data: { teamId: team.id, userId: user.id, isLeader: input.isLeader ?? false } });
  });
}

export async function removeTeamMember(actor: Actor, input: { teamId: string; userId: string }): Promise<void> {
  const team = await findTeamOrThrow(actor.db, input.teamId);
  const user = await findUserOrThrow(actor.db, input.userId);
  await auditChange(actor, { action: "team.remove-member", target: `team:${team.name}`, detail: `user:${user.username}` }, async () => {
    const existing = await actor.db.teamMember.findUnique({ where: { teamId_userId: { teamId: team.id, userId: user.id } } });
    if (!existing) throw new AppError("NotFound", `"${user.username}" is not a member of "${team.name}".`);
    if (existing.isLeader && !can(actor.user, "user:manage")) {
      throw new AppError("Forbidden", 'Only users with "user:manage" can remove a team leader.');
    }
    await actor.db.teamMember.delete({ where: { teamId_userId: { teamId: team.id, userId: user.id } } });
  });
}

export async function setTeamLeader(actor: Actor, input: { teamId: string; userId: string; isLeader: boolean }): Promise<void> {
  const team = await findTeamOrThrow(actor.db, input.teamId);
  const user = await findUserOrThrow(actor.db, input.userId);
  await auditChange(actor, { action: "team.set-leader", target: `team:${team.name}`, detail: `user:${user.username} ${input.isLeader}` }, async () => {
    const updated = await actor.db.teamMember.updateMany({ where: { teamId: team.id, userId: user.id }, data: { isLeader: input.isLeader } });
    if (updated.count === 0) throw new AppError("NotFound", `"${user.username}" is not a member of "${team.name}"; add them first.`);
  });
}
