// Teams and their membership. Team leaders manage their own team's members ("team:membership" on the teamId).
import "server-only";
import { z } from "zod";
import { createTRPCRouter, procedureFor } from "../init";
import { listTeams } from "../../services/teams/list-teams";
import { createTeam } from "../../services/teams/create-team";
import { deleteTeam } from "../../services/teams/delete-team";
import { addTeamMember, removeTeamMember, setTeamLeader } from "../../services/teams/change-team-membership";

const member = z.object({ teamId: z.string().min(1), userId: z.string().min(1) });

export const teamRouter = createTRPCRouter({
  // Filtered by the service: user managers see every team, others the teams they are in.
  list: procedureFor("signed-in").query(({ ctx }) => listTeams(ctx.db, ctx.user)),

  create: procedureFor("user:manage")
    .input(z.object({ name: z.string() }))
    .mutation(({ ctx, input }) => createTeam(ctx, input)),

  delete: procedureFor("user:manage")
    .input(z.object({ teamId: z.string().min(1) }))
    .mutation(({ ctx, input }) => deleteTeam(ctx, input)),

  addMember: procedureFor("team:membership", { teamIdFrom: "teamId" })
    .input(
      z
        .object({ teamId: z.string().min(1), userId: z.string().min(1).optional(), username: z.string().min(1).optional(), isLeader: z.boolean().optional() })
        .refine((v) => v.userId !== undefined || v.username !== undefined, { message: "Name the user to add", path: ["username"] }),
    )
    .mutation(({ ctx, input }) => addTeamMember(ctx, input)),

  removeMember: procedureFor("team:membership", { teamIdFrom: "teamId" })
    .input(member)
    .mutation(({ ctx, input }) => removeTeamMember(ctx, input)),

  setLeader: procedureFor("user:manage")
    .input(member.extend({ isLeader: z.boolean() }))
    .mutation(({ ctx, input }) => setTeamLeader(ctx, input)),
});
