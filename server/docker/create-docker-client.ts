// Builds a Docker Engine API client (dockerode) for a Docker host URL. The control plane reaches every
// environment, the local engine included, only through this client (never engine/ internals).
import Docker from "dockerode";
import { AppError } from "../errors";

export type DockerHostOptions = { timeoutMs?: number };

/** unix:///path → socket; tcp://host:port → HTTP; ssh://user@host → SSH. */
export function dockerOptionsFor(url: string, options: DockerHostOptions = {}): Docker.DockerOptions {
  const timeout = options.timeoutMs;
  if (url.startsWith("unix://")) {
    return { socketPath: url.slice("unix://".length), timeout };
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (cause) {
    throw new AppError("InvalidArgument", `Docker host "${url}": not a valid URL`, { cause });
  }
  switch (parsed.protocol) {
    case "tcp:":
    case "http:":
      return { host: parsed.hostname, port: Number(parsed.port || 2375), protocol: "http", timeout };
    case "https:":
      return { host: parsed.hostname, port: Number(parsed.port || 2376), protocol: "https", timeout };
    case "ssh:":
      return {
        host: parsed.hostname,
        port: Number(parsed.port || 22),
        username: parsed.username || undefined,
        protocol: "ssh",
        timeout,
      };
    default:
      throw new AppError("InvalidArgument", `Docker host "${url}": unsupported scheme ${parsed.protocol}`);
  }
}

export function createDockerClient(url: string, options: DockerHostOptions = {}): Docker {
  return new Docker(dockerOptionsFor(url, options));
}
