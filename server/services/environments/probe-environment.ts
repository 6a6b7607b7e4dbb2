// Asks one Docker host whether it is up: GET /_ping then GET /version, bounded by a short timeout so a
// dead or slow host never holds up a page.
import { createDockerClient } from "../../docker/create-docker-client";
import type { EnvironmentStatus } from "./environment-kinds";

export const PROBE_TIMEOUT_MS = 2000;

export type EngineInfo = {
  name: string;
  version: string;
  apiVersion: string;
  os: string;
  arch: string;
};

export type ProbeResult =
  | { status: Extract<EnvironmentStatus, "up">; engine: EngineInfo }
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

export async function probeEnvironment(url: string, timeoutMs: number = PROBE_TIMEOUT_MS): Promise<ProbeResult> {
  try {
    const docker = createDockerClient(url, { timeoutMs });
    const version = await withTimeout(
      (async () => {
        await docker.ping();
        return docker.version();
      })(),
      timeoutMs,
    );
    const v = version as typeof version & { Platform?: { Name?: string } };
    return {
      status: "up",
      engine: {
        name: v.Platform?.Name || v.Components?.[0]?.Name || "Docker Engine",
        version: v.Version,
        apiVersion: v.ApiVersion,
        os: v.Os,
        arch: v.Arch,
      },
    };
  } catch (error) {
    return { status: "down", error: describeProbeError(error) };
  }
}

function describeProbeError(error: unknown): string {
  if (error && typeof error === "object") {
    const e = error as { code?: string; message?: string };
    if (e.code === "ENOENT") return "engine socket not found";
    if (e.code === "ECONNREFUSED") return "connection refused";
    if (e.message) return e.message;
  }
  return String(error);
}
