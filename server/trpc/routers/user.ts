// Users: administration (user:manage) and one's own account (account router).
import "server-only";
import { z } from "zod";
import { createTRPCRouter, procedureFor } from "../init";
import { listUsers } from "../../services/users/list-users";
import { createUser } from "../../services/users/create-user";
import { setUserDisabled } from "../../services/users/set-user-disabled";
import { setUserAdmin } from "../../services/users/set-user-admin";
import { resetUserPassword } from "../../services/users/reset-user-password";
import { deleteUser } from "../../services/users/delete-user";

const userId = z.object({ userId: z.string().min(1) });

export const userRouter = createTRPCRouter({
  list: procedureFor("user:manage").query(({ ctx }) => listUsers(ctx.db)),

  // Field rules are checked by the service so errors come back per field.
  create: procedureFor("user:manage")
    .input(z.object({ username: z.string(), password: z.string(), isAdmin: z.boolean().optional() }))
    .mutation(({ ctx, input }) => createUser(ctx, input)),

  setDisabled: procedureFor("user:manage")
    .input(userId.extend({ disabled: z.boolean() }))
    .mutation(({ ctx, input }) => setUserDisabled(ctx, input)),

  setAdmin: procedureFor("user:manage")
    .input(userId.extend({ isAdmin: z.boolean() }))
    .mutation(({ ctx, input }) => setUserAdmin(ctx, input)),

  resetPassword: procedureFor("user:manage")
    .input(userId.extend({ password: z.string() }))
    .mutation(({ ctx, input }) => resetUserPassword(ctx, input)),

  delete: procedureFor("user:manage")
    .input(userId)
    .mutation(({ ctx, input }) => deleteUser(ctx, input)),
});
