// First-run setup: is it needed, and create the first administrator.
import "server-only";
import { z } from "zod";
import { createTRPCRouter, procedureFor } from "../init";
import { getSetupState } from "../../services/setup/get-setup-state";
import { createFirstAdmin } from "../../services/setup/create-first-admin";

export const setupRouter = createTRPCRouter({
  status: procedureFor("public").query(({ ctx }) => getSetupState(ctx.db)),

  // Field rules (length, confirmation) are checked by the service so errors come back per field.
  createAdmin: procedureFor("public")
    .input(z.object({ username: z.string(), password: z.string(), confirmPassword: z.string() }))
    .mutation(({ ctx, input }) => createFirstAdmin(ctx.db, ctx.log, input, ctx.clientAddress)),
});
