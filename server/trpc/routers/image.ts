// Images per environment: list (in-use marker), inspect (config, layers, history), pull as a background job
// whose progress streams over /ws/image-pull, tag, remove (force when in use) and prune with a preview.
// Every change is audited with the environment and the image.
import "server-only";
import { z } from "zod";
import { createTRPCRouter, procedureFor } from "../init";
import { runAudited } from "../../services/audit/run-audited";
import { getEnvironmentDocker } from "../../services/environments/get-environment-docker";
import { listImages } from "../../services/images/list-images";
import { inspectImage } from "../../services/images/inspect-image";
import { previewImagePrune, pruneImages, removeImage, tagImage } from "../../services/images/change-image";
import { findPullJob, normalisePullReference, startImagePull } from "../../services/images/pull-jobs";
import { AppError } from "../../errors";

const environmentRef = z.object({ environmentId: z.string().min(1) });
const imageRef = environmentRef.extend({ imageId: z.string().min(1) });
const PRUNE_MODES = ["dangling", "unused"] as const;

export const imageRouter = createTRPCRouter({
  list: procedureFor("image:read")
    .input(environmentRef)
    .query(async ({ ctx, input }) => listImages((await getEnvironmentDocker(ctx.db, input.environmentId)).docker)),

  inspect: procedureFor("image:read")
    .input(imageRef)
    .query(async ({ ctx, input }) => inspectImage((await getEnvironmentDocker(ctx.db, input.environmentId)).docker, input.imageId)),

  /** Starts the pull and answers with the job id at once; the audit row is written when the pull ends. */
  pull: procedureFor("image:manage")
    .input(environmentRef.extend({ reference: z.string().min(1).max(255) }))
    .mutation(async ({ ctx, input }) => {
      const { docker } = await getEnvironmentDocker(ctx.db, input.environmentId);
      const reference = normalisePullReference(input.reference);
      const job = startImagePull(docker, ctx.log, input.environmentId, ctx.user.id, reference);
      void runAudited(ctx, { action: "image.pull", target: reference, environmentId: input.environmentId }, () => job.finished).catch(() => undefined);
      return { jobId: job.id, reference };
    }),

  /** The state of a pull job, for a page that was (re)opened after the pull started. */
  pullStatus: procedureFor("image:read")
    .input(environmentRef.extend({ jobId: z.string().min(1) }))
    .query(({ input }) => {
      const job = findPullJob(input.jobId);
      if (!job || job.environmentId !== input.environmentId) throw new AppError("NotFound", `pull "${input.jobId}": not found`);
      return { reference: job.reference, progress: job.progress };
    }),

  tag: procedureFor("image:manage")
    .input(imageRef.extend({ target: z.string().min(1).max(255) }))
    .mutation(async ({ ctx, input }) => {
      const { docker } = await getEnvironmentDocker(ctx.db, input.environmentId);
      return runAudited(ctx, { action: "image.tag", target: input.imageId, environmentId: input.environmentId, detail: `new tag ${input.target}` }, () =>
        tagImage(docker, input.imageId, input.target),
      );
    }),

  remove: procedureFor("image:manage")
    .input(imageRef.extend({ force: z.boolean().default(false) }))
    .mutation(async ({ ctx, input }) => {
      const { docker } = await getEnvironmentDocker(ctx.db, input.environmentId);
      return runAudited(ctx, { action: "image.remove", target: input.imageId, environmentId: input.environmentId, detail: input.force ? "forced" : null }, () =>
        removeImage(docker, input.imageId, input.force),
      );
    }),

  prunePreview: procedureFor("image:read")
    .input(environmentRef.extend({ mode: z.enum(PRUNE_MODES).default("dangling") }))
    .query(async ({ ctx, input }) => previewImagePrune((await getEnvironmentDocker(ctx.db, input.environmentId)).docker, input.mode)),

  prune: procedureFor("image:manage")
    .input(environmentRef.extend({ mode: z.enum(PRUNE_MODES).default("dangling") }))
    .mutation(async ({ ctx, input }) => {
      const { docker } = await getEnvironmentDocker(ctx.db, input.environmentId);
      return runAudited(ctx, { action: "image.prune", target: input.mode, environmentId: input.environmentId }, () => pruneImages(docker, input.mode));
    }),
});
