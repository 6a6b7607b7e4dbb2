// Environments: the Docker hosts Wharf manages. Changes are audited.
import "server-only";
import { z } from "zod";
import { createTRPCRouter, procedureFor } from "../init";
import { listEnvironments } from "../../services/environments/list-environments";
import { environmentInputSchema } from "../../services/environments/environment-input";
import { saveEnvironment } from "../../services/environments/save-environment";
import { removeEnvironment } from "../../services/environments/remove-environment";
import { startEnvironmentPoller } from "../../services/environments/environment-poller";
import { runAudited } from "../../services/audit/run-audited";
import { AppError } from "../../errors";
import { can } from "../../auth/can";

export const environmentRouter = createTRPCRouter({
  // Across environments: shows only those the caller may read (issue 9).
  list: procedureFor("environment:read", { anyEnvironment: true }).query(async ({ ctx }) => {
    startEnvironmentPoller(ctx.db, ctx.log);
    return (await listEnvironments(ctx.db)).filter((e) => can(ctx.user, "environment:read", e.id));
  }),

  get: procedureFor("environment:read")
    .input(z.object({ environmentId: z.string() }))
    .query(async ({ ctx, input }) => {
      const list = await listEnvironments(ctx.db);
      const found = list.find((e) => e.id === input.environmentId);
      if (!found) throw new AppError("NotFound", `environment "${input.environmentId}": not found`);
      return found;
    }),

  add: procedureFor("environment:manage")
    .input(environmentInputSchema)
    .mutation(({ ctx, input }) =>
      runAudited(ctx, { action: "environment.add", target: input.name, detail: `${input.kind} ${input.url}` }, () =>
        saveEnvironment(ctx.db, null, input),
      ),
    ),

  update: procedureFor("environment:manage")
    .input(environmentInputSchema.extend({ environmentId: z.string() }))
    .mutation(({ ctx, input }) =>
      runAudited(
        ctx,
        { action: "environment.update", target: input.name, environmentId: input.environmentId, detail: `${input.kind} ${input.url}` },
        () => saveEnvironment(ctx.db, input.environmentId, input),
      ),
    ),

  remove: procedureFor("environment:manage")
    .input(z.object({ environmentId: z.string() }))
    .mutation(({ ctx, input }) =>
      runAudited(ctx, { action: "environment.remove", target: input.environmentId, environmentId: input.environmentId }, () =>
        removeEnvironment(ctx.db, input.environmentId),
      ),
    ),
});
