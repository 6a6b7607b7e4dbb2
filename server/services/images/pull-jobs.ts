// Image pulls run in the background as jobs: `startImagePull` answers at once with a job id, the engine's
// progress stream (POST /images/create) is folded into per-layer state, and watchers (the /ws/image-pull
// channel) get every new state. Jobs are kept 10 minutes after they end, in this process only.
import { randomUUID } from "node:crypto";
import type Docker from "dockerode";
import type { Logger } from "../../log";
import { AppError } from "../../errors";
import { toAppError } from "../containers/docker-error";
import { isValidImageReference } from "../containers/container-form";
import { applyPullMessage, emptyPullProgress, type PullMessage, type PullProgress } from "./pull-progress";

export type PullJob = {
  id: string;
  environmentId: string;
  userId: string;
  reference: string;
  progress: PullProgress;
  /** settles when the pull ends; rejects with the engine's reason */
  finished: Promise<void>;
  watchers: Set<(progress: PullProgress) => void>;
};

const KEEP_MS = 10 * 60_000;
const globalForJobs = globalThis as unknown as { wharfPullJobs?: Map<string, PullJob> };
const jobs = (globalForJobs.wharfPullJobs ??= new Map());

/** A bare name gets ":latest" as with `docker pull`. */
export function normalisePullReference(reference: string): string {
  const r = reference.trim();
  if (!isValidImageReference(r)) throw new AppError("InvalidArgument", `"${r}" is not a valid image reference`, { fieldErrors: { reference: ["Use [registry/]name[:tag|@digest], lowercase"] } });
  const lastSlash = r.lastIndexOf("/");
  return r.includes("@") || r.lastIndexOf(":") > lastSlash ? r : `${r}:latest`;
}

export function startImagePull(docker: Docker, log: Logger, environmentId: string, userId: string, reference: string): PullJob {
  const ref = normalisePullReference(reference);
  const job: PullJob = { id: randomUUID(), environmentId, userId, reference: ref, progress: emptyPullProgress(), finished: Promise.resolve(), watchers: new Set() };
  const update = (progress: PullProgress) => {
    job.progress = progress;
    for (const watch of job.watchers) watch(progress);
  };
  job.finished = new Promise<void>((resolve, reject) => {
    docker.pull(ref, {}, (error: unknown, stream?: NodeJS.ReadableStream) => {
      if (error || !stream) {
        const failure = toAppError(error, `image "${ref}"`);
        update({ ...job.progress, error: failure.message, done: true });
        return reject(failure);
      }
      docker.modem.followProgress(
        stream,
        (err: Error | null) => {
          const failure = err ? toAppError(err, `image "${ref}"`) : job.progress.error ? new AppError("Unavailable", `image "${ref}": ${job.progress.error}`) : null;
          update({ ...job.progress, error: failure?.message ?? null, done: true });
          log.info({ imageRef: ref, environmentId, ok: !failure }, "image pull finished");
          return failure ? reject(failure) : resolve();
        },
        (message: PullMessage) => update(applyPullMessage(job.progress, message)),
      );
    });
  });
  job.finished.catch(() => undefined).finally(() => setTimeout(() => jobs.delete(job.id), KEEP_MS).unref());
  jobs.set(job.id, job);
  return job;
}

export function findPullJob(jobId: string): PullJob | undefined {
  return jobs.get(jobId);
}
