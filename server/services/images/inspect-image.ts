// One image's configuration, layers and build history (GET /images/{name}/json + /history).
import type Docker from "dockerode";
import { toAppError } from "../containers/docker-error";
import { toImageDetails, type ImageDetails } from "./image-model";

export async function inspectImage(docker: Docker, imageId: string): Promise<ImageDetails> {
  try {
    const image = docker.getImage(imageId);
    const [wire, history] = await Promise.all([image.inspect(), image.history()]);
    return toImageDetails(wire, history);
  } catch (error) {
    throw toAppError(error, `image "${imageId}"`);
  }
}
