// The signed-in principal's own account: what it may do (drives what the UI shows) and its password.
import "server-only";
import { z } from "zod";
import { createTRPCRouter, procedureFor } from "../init";
import { describeAccess } from "../../services/users/describe-access";
import { changeOwnPassword } from "../../services/users/change-own-password";

export const accountRouter = createTRPCRouter({
  access: procedureFor("signed-in").query(({ ctx }) => describeAccess(ctx.db, ctx.user)),

  changePassword: procedureFor("session")
    .input(z.object({ currentPassword: z.string(), newPassword: z.string() }))
    .mutation(({ ctx, input }) => changeOwnPassword(ctx, input)),
});
