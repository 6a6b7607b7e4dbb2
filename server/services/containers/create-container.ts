// Creates (and by default starts) a container from the form. Order: check the form → make sure the image is
// on the host (pull it when allowed) → create → start. If start fails (e.g. the host port is taken) the
// container just created is removed again, so a failure leaves nothing behind; the engine's message is
// attached to the field it concerns.
import type Docker from "dockerode";
import { AppError } from "../../errors";
import type { Logger } from "../../log";
import { buildCreateBody, type ContainerForm } from "./container-form";
import { engineMessageOf, toAppError } from "./docker-error";
import { invalidateContainers } from "./container-list-cache";

export const PULL_TIMEOUT_MS = 120_000;

export async function createContainer(
  docker: Docker,
  log: Logger,
  form: ContainerForm,
): Promise<{ id: string; name: string; pulled: boolean }> {
  const { body, fieldErrors } = buildCreateBody(form);
  if (!body) throw new AppError("InvalidArgument", "Some fields need attention.", { fieldErrors });
  const image = body.Image as string;

  const pulled = await ensureImage(docker, log, image, form.pullIfMissing);

  let container: Docker.Container;
  try {
    container = await docker.createContainer({ ...body, name: form.name.trim() || undefined } as Docker.ContainerCreateOptions);
  } catch (error) {
    throw fieldError(error, form);
  } finally {
    invalidateContainers(form.environmentId);
  }

  if (form.start) {
    try {
      await container.start();
    } catch (error) {
      await container.remove({ force: true }).catch((e: unknown) => log.warn({ err: e, containerId: container.id }, "cleanup after failed start"));
      invalidateContainers(form.environmentId);
      throw fieldError(error, form, "The container could not start and was removed again.");
    }
  }
  const info = await container.inspect().catch(() => null);
  return { id: container.id, name: info?.Name.replace(/^\//, "") ?? form.name, pulled };
}

async function ensureImage(docker: Docker, log: Logger, image: string, pullIfMissing: boolean): Promise<boolean> {
  try {
    await docker.getImage(image).inspect();
    return false;
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode !== 404) throw toAppError(error, `image "${image}"`);
  }
  if (!pullIfMissing) {
    throw new AppError("NotFound", `Image "${image}" is not on this host.`, {
      fieldErrors: { image: [`"${image}" is not on this host: pull it first, or tick "Pull the image if missing".`] },
    });
  }
  log.info({ imageRef: image }, "pulling image for a new container");
  try {
    await pullImage(docker, image);
  } catch (error) {
    const message = `Could not pull "${image}": ${engineMessageOf(error)}`;
    throw new AppError("NotFound", message, { cause: error, fieldErrors: { image: [message] } });
  }
  return true;
}

async function pullImage(docker: Docker, image: string): Promise<void> {
  const stream = await docker.pull(image);
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`pull took longer than ${PULL_TIMEOUT_MS / 1000} s`)), PULL_TIMEOUT_MS);
    docker.modem.followProgress(
      stream,
      (err: Error | null, output: Array<{ error?: string; errorDetail?: { message?: string } }>) => {
        clearTimeout(timer);
        const failed = output?.find((o) => o.error || o.errorDetail);
        if (err) reject(err);
        else if (failed) reject(new Error(failed.errorDetail?.message ?? failed.error));
        else resolve();
      },
    );
  });
}

/** Puts the engine's message next to the field it is about (name clash, port, volume, network, image). */
function fieldError(error: unknown, form: ContainerForm, suffix = ""): AppError {
  const message = engineMessageOf(error);
  const text = suffix ? `${message}. ${suffix}` : message;
  const field = /port is already allocated|address already in use|port/i.test(message)
    ? "ports"
    : /name .*is already in use|Conflict\. The container name/i.test(message)
      ? "name"
      : /network/i.test(message)
        ? "network"
        : /mount|bind|volume|invalid mode/i.test(message)
          ? "volumes"
          : /image|reference/i.test(message)
            ? "image"
            : null;
  const base = toAppError(error, form.name.trim() ? `container "${form.name.trim()}"` : "new container");
  return new AppError(base.kind, field ? text : `Could not create the container: ${text}`, {
    cause: error,
    ...(field ? { fieldErrors: { [field]: [text] } } : {}),
  });
}
