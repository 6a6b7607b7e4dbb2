// Volumes per environment: list (with the containers using each), inspect, create (driver options,
// labels), remove (the engine's refusal is shown as is) and prune with a preview. Changes are audited.
import "server-only";
import { z } from "zod";
import { createTRPCRouter, procedureFor } from "../init";
import { runAudited } from "../../services/audit/run-audited";
import { getEnvironmentDocker } from "../../services/environments/get-environment-docker";
import { createVolume, inspectVolume, listVolumes, previewVolumePrune, pruneVolumes, removeVolume, volumeFormSchema } from "../../services/volumes/manage-volumes";

const environmentRef = z.object({ environmentId: z.string().min(1) });
const volumeRef = environmentRef.extend({ name: z.string().min(1) });

export const volumeRouter = createTRPCRouter({
  list: procedureFor("volume:read")
    .input(environmentRef)
    .query(async ({ ctx, input }) => listVolumes((await getEnvironmentDocker(ctx.db, input.environmentId)).docker)),

  inspect: procedureFor("volume:read")
    .input(volumeRef)
    .query(async ({ ctx, input }) => inspectVolume((await getEnvironmentDocker(ctx.db, input.environmentId)).docker, input.name)),

  create: procedureFor("volume:manage")
    .input(volumeFormSchema)
    .mutation(async ({ ctx, input }) => {
      const { docker } = await getEnvironmentDocker(ctx.db, input.environmentId);
      return runAudited(ctx, { action: "volume.create", target: input.name || "(generated)", environmentId: input.environmentId, detail: `driver ${input.driver}` }, () =>
        createVolume(docker, input),
      );
    }),

  remove: procedureFor("volume:manage")
    .input(volumeRef.extend({ force: z.boolean().default(false) }))
    .mutation(async ({ ctx, input }) => {
      const { docker } = await getEnvironmentDocker(ctx.db, input.environmentId);
      await runAudited(ctx, { action: "volume.remove", target: input.name, environmentId: input.environmentId }, () => removeVolume(docker, input.name, input.force));
      return { ok: true as const };
    }),

  prunePreview: procedureFor("volume:read")
    .input(environmentRef)
    .query(async ({ ctx, input }) => previewVolumePrune((await getEnvironmentDocker(ctx.db, input.environmentId)).docker)),

  prune: procedureFor("volume:manage")
    .input(environmentRef)
    .mutation(async ({ ctx, input }) => {
      const { docker } = await getEnvironmentDocker(ctx.db, input.environmentId);
      return runAudited(ctx, { action: "volume.prune", environmentId: input.environmentId }, () => pruneVolumes(docker));
    }),
});
