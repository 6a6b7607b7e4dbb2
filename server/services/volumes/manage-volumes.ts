// List, inspect, create, remove and prune volumes on one host. The engine's refusal (a volume in use: 409)
// is passed on with its own reason.
import type Docker from "dockerode";
import { z } from "zod";
import { AppError } from "../../errors";
import { toAppError } from "../containers/docker-error";
import { parseKeyValueLines, toVolumeSummary, volumeUsers, type VolumeSummary } from "./volume-model";

export const volumeFormSchema = z.object({
  environmentId: z.string().min(1),
  name: z.string().default(""),
  driver: z.string().default("local"),
  /** key=value per line (driver options, e.g. type=tmpfs) */
  options: z.string().default(""),
  /** key=value per line */
  labels: z.string().default(""),
});
export type VolumeForm = z.infer<typeof volumeFormSchema>;

const VOLUME_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/;

export async function listVolumes(docker: Docker): Promise<VolumeSummary[]> {
  try {
    const [volumes, containers] = await Promise.all([docker.listVolumes(), docker.listContainers({ all: true })]);
    const users = volumeUsers(containers);
    return (volumes.Volumes ?? []).map((v) => toVolumeSummary(v, users)).sort((a, b) => a.name.localeCompare(b.name));
  } catch (error) {
    throw toAppError(error, "volumes");
  }
}

export async function inspectVolume(docker: Docker, name: string): Promise<VolumeSummary> {
  try {
    const [wire, containers] = await Promise.all([docker.getVolume(name).inspect(), docker.listContainers({ all: true, filters: { volume: [name] } })]);
    return toVolumeSummary(wire, volumeUsers(containers));
  } catch (error) {
    throw toAppError(error, `volume "${name}"`);
  }
}

export async function createVolume(docker: Docker, form: VolumeForm): Promise<{ name: string }> {
  const options = parseKeyValueLines(form.options, "Driver options");
  const labels = parseKeyValueLines(form.labels, "Labels");
  const fieldErrors: Record<string, string[]> = {};
  if (options.errors.length) fieldErrors.options = options.errors;
  if (labels.errors.length) fieldErrors.labels = labels.errors;
  const name = form.name.trim();
  if (name && !VOLUME_NAME.test(name)) fieldErrors.name = ["Name must be 2+ letters, digits, '_', '.' or '-'"];
  if (Object.keys(fieldErrors).length) throw new AppError("InvalidArgument", "Some fields need attention.", { fieldErrors });
  try {
    // dockerode answers with a Volume handle (its `name` is the engine's Name, generated when we sent none).
    const created = (await docker.createVolume({ Name: name || undefined, Driver: form.driver.trim() || "local", DriverOpts: options.values, Labels: labels.values })) as unknown as { name: string };
    return { name: created.name };
  } catch (error) {
    throw toAppError(error, `volume "${name || "(new)"}"`);
  }
}

export async function removeVolume(docker: Docker, name: string, force: boolean): Promise<void> {
  try {
    await docker.getVolume(name).remove({ force });
  } catch (error) {
    throw toAppError(error, `volume "${name}"`);
  }
}

/** Volumes no container mounts: the prune preview; prune removes those (the engine re-checks each). */
export async function previewVolumePrune(docker: Docker): Promise<VolumeSummary[]> {
  return (await listVolumes(docker)).filter((v) => v.usedBy.length === 0);
}

export async function pruneVolumes(docker: Docker): Promise<{ removed: string[]; skipped: Array<{ name: string; reason: string }> }> {
  const removed: string[] = [];
  const skipped: Array<{ name: string; reason: string }> = [];
  for (const volume of await previewVolumePrune(docker)) {
    try {
      await docker.getVolume(volume.name).remove();
      removed.push(volume.name);
    } catch (error) {
      skipped.push({ name: volume.name, reason: toAppError(error, `volume "${volume.name}"`).message });
    }
  }
  return { removed, skipped };
}
