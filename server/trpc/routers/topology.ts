// The network topology graph (one environment, or every environment the caller may read networks on) and
// the dashboard's per-environment counts. Live updates: the page listens to /ws/events and refetches.
import "server-only";
import { z } from "zod";
import { createTRPCRouter, procedureFor } from "../init";
import { can } from "../../auth/can";
import { getEnvironmentDocker } from "../../services/environments/get-environment-docker";
import { loadTopology } from "../../services/topology/load-topology";
import { countEnvironment } from "../../services/topology/count-environment";

async function readableEnvironments(ctx: { db: Parameters<typeof getEnvironmentDocker>[0]; user: Parameters<typeof can>[0] }, wanted: string[], permission: "network:read" | "environment:read") {
  const rows = await ctx.db.environment.findMany({ select: { id: true, name: true }, orderBy: { name: "asc" } });
  return rows.filter((r) => can(ctx.user, permission, r.id) && (wanted.length === 0 || wanted.includes(r.id)));
}

export const topologyRouter = createTRPCRouter({
  /** environmentIds empty = every readable environment. */
  graph: procedureFor("network:read", { anyEnvironment: true })
    .input(z.object({ environmentIds: z.array(z.string()).max(50).default([]) }))
    .query(async ({ ctx, input }) => {
      const environments = await readableEnvironments(ctx, input.environmentIds, "network:read");
      const targets = await Promise.all(environments.map(async (e) => ({ docker: (await getEnvironmentDocker(ctx.db, e.id)).docker, environment: e })));
      return loadTopology(targets);
    }),

  /** Dashboard: containers by state, images, volumes, networks per environment (null where unreadable). */
  counts: procedureFor("environment:read", { anyEnvironment: true })
    .input(z.object({}).default({}))
    .query(async ({ ctx }) => {
      const environments = await readableEnvironments(ctx, [], "environment:read");
      return Promise.all(environments.map(async (e) => ({ ...e, ...(await countEnvironment((await getEnvironmentDocker(ctx.db, e.id)).docker)) })));
    }),
});
