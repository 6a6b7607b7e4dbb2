// Containers on every environment: one list across hosts, inspect, create, lifecycle actions (single and
// bulk) and rename. Every change is audited with the environment and the container.
import "server-only";
import { z } from "zod";
import { createTRPCRouter, procedureFor } from "../init";
import { can } from "../../auth/can";
import { AppError } from "../../errors";
import { runAudited } from "../../services/audit/run-audited";
import { getEnvironmentDocker } from "../../services/environments/get-environment-docker";
import { startEnvironmentPoller } from "../../services/environments/environment-poller";
import { listContainers } from "../../services/containers/list-containers";
import { containerQuerySchema } from "../../services/containers/query-containers";
import { inspectContainer } from "../../services/containers/inspect-container";
import { CONTAINER_ACTIONS, renameContainer, runContainerAction, type ContainerAction } from "../../services/containers/container-actions";
import { containerFormSchema } from "../../services/containers/container-form";
import { createContainer } from "../../services/containers/create-container";
import type { Permission } from "../../auth/permissions";

const containerRef = z.object({ environmentId: z.string(), containerId: z.string().min(1) });
const MAX_BULK = 100;

function permissionFor(action: ContainerAction): Permission {
  return action === "remove" ? "container:remove" : "container:operate";
}

export const containerRouter = createTRPCRouter({
  list: procedureFor("container:read", { anyEnvironment: true })
    .input(containerQuerySchema)
    .query(async ({ ctx, input }) => {
      startEnvironmentPoller(ctx.db, ctx.log);
      const readable = (await ctx.db.environment.findMany({ select: { id: true } }))
        .map((e) => e.id)
        .filter((id) => can(ctx.user, "container:read", id));
      const environmentIds = input.environmentIds.length > 0 ? input.environmentIds.filter((id) => readable.includes(id)) : readable;
      if (environmentIds.length === 0) return listContainers(ctx.db, { ...input, environmentIds: ["-none-"] });
      return listContainers(ctx.db, { ...input, environmentIds });
    }),

  inspect: procedureFor("container:read")
    .input(containerRef)
    .query(async ({ ctx, input }) => {
      const { docker, environment } = await getEnvironmentDocker(ctx.db, input.environmentId);
      return { environment: { id: environment.id, name: environment.name }, ...(await inspectContainer(docker, input.containerId)) };
    }),

  create: procedureFor("container:create")
    .input(containerFormSchema)
    .mutation(async ({ ctx, input }) => {
      const { docker } = await getEnvironmentDocker(ctx.db, input.environmentId);
      return runAudited(
        ctx,
        { action: "container.create", target: input.name || input.image, environmentId: input.environmentId, detail: `image ${input.image}` },
        () => createContainer(docker, ctx.log, input),
      );
    }),

  /** start/stop/restart/kill/pause/unpause need container:operate; remove needs container:remove (checked here). */
  act: procedureFor("container:operate")
    .input(containerRef.extend({ action: z.enum(CONTAINER_ACTIONS), force: z.boolean().default(false) }))
    .mutation(async ({ ctx, input }) => {
      const permission = permissionFor(input.action);
      if (!can(ctx.user, permission, input.environmentId)) {
        throw new AppError("Forbidden", `You lack the permission "${permission}".`);
      }
      const { docker } = await getEnvironmentDocker(ctx.db, input.environmentId);
      await runAudited(
        ctx,
        { action: `container.${input.action}`, target: input.containerId, environmentId: input.environmentId },
        () => runContainerAction(docker, input.environmentId, input.containerId, input.action, { force: input.force }),
      );
      return { ok: true as const };
    }),

  /** The same action on many containers (any environments); each one is checked, run and audited on its own. */
  bulkAct: procedureFor("container:operate", { anyEnvironment: true })
    .input(z.object({ action: z.enum(CONTAINER_ACTIONS), force: z.boolean().default(false), targets: z.array(containerRef).min(1).max(MAX_BULK) }))
    .mutation(async ({ ctx, input }) => {
      const permission = permissionFor(input.action);
      const results = await Promise.all(
        input.targets.map(async (t) => {
          try {
            if (!can(ctx.user, permission, t.environmentId)) throw new AppError("Forbidden", `You lack the permission "${permission}".`);
            const { docker } = await getEnvironmentDocker(ctx.db, t.environmentId);
            await runAudited(ctx, { action: `container.${input.action}`, target: t.containerId, environmentId: t.environmentId }, () =>
              runContainerAction(docker, t.environmentId, t.containerId, input.action, { force: input.force }),
            );
            return { ...t, ok: true as const, error: null };
          } catch (error) {
            return { ...t, ok: false as const, error: error instanceof AppError ? error.message : "unexpected error" };
          }
        }),
      );
      return { results, failed: results.filter((r) => !r.ok).length };
    }),

  rename: procedureFor("container:operate")
    .input(containerRef.extend({ name: z.string().regex(/^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/, "Name must be 2+ letters, digits, '_', '.' or '-'") }))
    .mutation(async ({ ctx, input }) => {
      const { docker } = await getEnvironmentDocker(ctx.db, input.environmentId);
      await runAudited(
        ctx,
        { action: "container.rename", target: input.containerId, environmentId: input.environmentId, detail: `new name ${input.name}` },
        () => renameContainer(docker, input.environmentId, input.containerId, input.name),
      );
      return { ok: true as const };
    }),
});
