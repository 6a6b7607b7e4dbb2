// Images on one host, newest first, each marked in use when a container (any state) was made from it.
import type Docker from "dockerode";
import { toAppError } from "../containers/docker-error";
import { toImageSummary, type ImageSummary } from "./image-model";

export async function listImages(docker: Docker): Promise<ImageSummary[]> {
  try {
    const [images, containers] = await Promise.all([docker.listImages({ all: false }), docker.listContainers({ all: true })]);
    const used = new Set(containers.map((c) => c.ImageID));
    return images.map((i) => toImageSummary(i, used)).sort((a, b) => b.createdAt.localeCompare(a.createdAt) || a.id.localeCompare(b.id));
  } catch (error) {
    throw toAppError(error, "images");
  }
}
