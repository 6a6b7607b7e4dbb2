// Networks per environment: list, inspect (connected containers and their addresses), create (driver,
// subnet/gateway, internal, labels), connect/disconnect a container, remove (the engine's refusal is shown as
// is) and prune with a preview. Changes are audited.
import "server-only";
import { z } from "zod";
import { createTRPCRouter, procedureFor } from "../init";
import { runAudited } from "../../services/audit/run-audited";
import { getEnvironmentDocker } from "../../services/environments/get-environment-docker";
import {
  connectContainer,
  createNetwork,
  disconnectContainer,
  inspectNetwork,
  listNetworks,
  networkFormSchema,
  previewNetworkPrune,
  pruneNetworks,
  removeNetwork,
} from "../../services/networks/manage-networks";

const environmentRef = z.object({ environmentId: z.string().min(1) });
const networkRef = environmentRef.extend({ networkId: z.string().min(1) });

export const networkRouter = createTRPCRouter({
  list: procedureFor("network:read")
    .input(environmentRef)
    .query(async ({ ctx, input }) => listNetworks((await getEnvironmentDocker(ctx.db, input.environmentId)).docker)),

  inspect: procedureFor("network:read")
    .input(networkRef)
    .query(async ({ ctx, input }) => inspectNetwork((await getEnvironmentDocker(ctx.db, input.environmentId)).docker, input.networkId)),

  create: procedureFor("network:manage")
    .input(networkFormSchema)
    .mutation(async ({ ctx, input }) => {
      const { docker } = await getEnvironmentDocker(ctx.db, input.environmentId);
      return runAudited(ctx, { action: "network.create", target: input.name, environmentId: input.environmentId, detail: `driver ${input.driver}${input.subnet ? ` subnet ${input.subnet}` : ""}` }, () =>
        createNetwork(docker, input),
      );
    }),

  connect: procedureFor("network:manage")
    .input(networkRef.extend({ containerId: z.string().min(1), ipv4Address: z.string().default("") }))
    .mutation(async ({ ctx, input }) => {
      const { docker } = await getEnvironmentDocker(ctx.db, input.environmentId);
      await runAudited(ctx, { action: "network.connect", target: input.networkId, environmentId: input.environmentId, detail: `container ${input.containerId}` }, () =>
        connectContainer(docker, input.environmentId, input.networkId, input.containerId, input.ipv4Address),
      );
      return { ok: true as const };
    }),

  disconnect: procedureFor("network:manage")
    .input(networkRef.extend({ containerId: z.string().min(1), force: z.boolean().default(false) }))
    .mutation(async ({ ctx, input }) => {
      const { docker } = await getEnvironmentDocker(ctx.db, input.environmentId);
      await runAudited(ctx, { action: "network.disconnect", target: input.networkId, environmentId: input.environmentId, detail: `container ${input.containerId}` }, () =>
        disconnectContainer(docker, input.environmentId, input.networkId, input.containerId, input.force),
      );
      return { ok: true as const };
    }),

  remove: procedureFor("network:manage")
    .input(networkRef)
    .mutation(async ({ ctx, input }) => {
      const { docker } = await getEnvironmentDocker(ctx.db, input.environmentId);
      await runAudited(ctx, { action: "network.remove", target: input.networkId, environmentId: input.environmentId }, () => removeNetwork(docker, input.networkId));
      return { ok: true as const };
    }),

  prunePreview: procedureFor("network:read")
    .input(environmentRef)
    .query(async ({ ctx, input }) => previewNetworkPrune((await getEnvironmentDocker(ctx.db, input.environmentId)).docker)),

  prune: procedureFor("network:manage")
    .input(environmentRef)
    .mutation(async ({ ctx, input }) => {
      const { docker } = await getEnvironmentDocker(ctx.db, input.environmentId);
      return runAudited(ctx, { action: "network.prune", environmentId: input.environmentId }, () => pruneNetworks(docker));
    }),
});
