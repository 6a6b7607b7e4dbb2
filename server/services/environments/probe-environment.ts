// Asks one Docker host whether it is up: GET /_ping then GET /version, bounded by a short timeout so a
// dead or slow host never holds up a page.
import { createDockerClient, type DockerTarget } from "../../docker/create-docker-client";
import type { EnvironmentStatus } from "./environment-kinds";

export const PROBE_TIMEOUT_MS = 2000;

export type EngineInfo = {
  name: string;
  version: string;
  apiVersion: string;
  os: string;
  arch: string;
};

/** What the host's GET /info says it holds; null when the engine does not report it. */
export type EngineCounts = {
  containers: number | null;
  running: number | null;
  paused: number | null;
  stopped: number | null;
  images: number | null;
};

export type ProbeResult =
  | { status: Extract<EnvironmentStatus, "up">; engine: EngineInfo; counts?: EngineCounts }
  | { status: Extract<EnvironmentStatus, "down">; error: string };

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    promise.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e) => {
        clearTimeout(timer);
        reject(e);
      },
    );
  });
}

export async function probeEnvironment(
  target: string | DockerTarget,
  timeoutMs: number = PROBE_TIMEOUT_MS,
): Promise<ProbeResult> {
  try {
    const docker = createDockerClient(target, { timeoutMs });
    const { version, info } = await withTimeout(
      (async () => {
        await docker.ping();
        const [version, info] = await Promise.all([docker.version(), docker.info().catch(() => null)]);
        return { version, info: info as Record<string, unknown> | null };
      })(),
      timeoutMs,
    );
    const v = version as typeof version & { Platform?: { Name?: string } };
    return {
      status: "up",
      engine: {
        // dockerd's own component is called just "Engine" when the build sets no platform name (Debian's).
        name: v.Platform?.Name || (v.Components?.[0]?.Name && v.Components[0].Name !== "Engine" ? v.Components[0].Name : "Docker Engine"),
        version: v.Version,
        apiVersion: v.ApiVersion,
        os: v.Os,
        arch: v.Arch,
      },
      ...(info ? { counts: countsFrom(info) } : {}),
    };
  } catch (error) {
    return { status: "down", error: describeProbeError(error) };
  }
}

function countsFrom(info: Record<string, unknown>): EngineCounts {
  const n = (key: string) => (typeof info[key] === "number" ? (info[key] as number) : null);
  return {
    containers: n("Containers"),
    running: n("ContainersRunning"),
    paused: n("ContainersPaused"),
    stopped: n("ContainersStopped"),
    images: n("Images"),
  };
}

/** A short reason a person can act on (TLS problems named as such). */
export function describeProbeError(error: unknown): string {
  if (error && typeof error === "object") {
    const e = error as { code?: string; message?: string };
    if (e.code === "ENOENT") return "engine socket not found";
    if (e.code === "ECONNREFUSED") return "connection refused";
    if (e.code === "EHOSTUNREACH" || e.code === "ENETUNREACH") return "host unreachable";
    if (e.code === "ENOTFOUND") return "host name not found";
    if (e.code === "ETIMEDOUT") return "connection timed out";
    if (e.code === "UNABLE_TO_VERIFY_LEAF_SIGNATURE" || e.code === "SELF_SIGNED_CERT_IN_CHAIN" || e.code === "DEPTH_ZERO_SELF_SIGNED_CERT")
      return "TLS: the daemon's certificate is not signed by the given CA";
    if (e.code === "CERT_HAS_EXPIRED") return "TLS: a certificate has expired";
    if (e.code === "ERR_TLS_CERT_ALTNAME_INVALID") return "TLS: the daemon's certificate does not name this host";
    if (e.code === "ECONNRESET" || e.code === "EPIPE") return "connection reset (for TLS: the daemon refused our client certificate?)";
    if (e.message && /host denied|verification failed/i.test(e.message)) {
      return "SSH: the host key is not the one pinned when this environment was saved (possible interception); edit and save the environment to trust the new key";
    }
    if (e.message && /authentication methods failed/i.test(e.message)) return "SSH: the server did not accept the key";
    if (e.message && /alert|certificate|ssl|tls/i.test(e.message)) return `TLS: ${e.message}`;
    if (e.message) return e.message;
  }
  return String(error);
}
