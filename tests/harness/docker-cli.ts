// The real docker CLI (/usr/local/bin/docker, 28.2.2) as tests run it. Each dockerd from startDockerd hands out
// an `env` with its own DOCKER_CONFIG (kept across calls, e.g. for `docker login`); without one, each call gets
// a throwaway config dir, so ~/.docker is never read or written.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCommand, type CommandResult } from "./run-command.js";

export const DOCKER_CLI = "/usr/local/bin/docker";

/**
 * Runs `docker <args>` with `env` (e.g. Dockerd.env: DOCKER_HOST, DOCKER_CONFIG) on top of a minimal
 * environment (PATH, HOME). Never throws for a non-zero exit: assert on `code` and `stderr`.
 */
export async function dockerCli(
  env: Record<string, string | undefined>,
  args: readonly string[],
  opts: { input?: string | Buffer; timeout?: number } = {},
): Promise<CommandResult> {
  const full: Record<string, string> = {
    PATH: process.env.PATH ?? "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
    HOME: process.env.HOME ?? "/root",
    DOCKER_CLI_HINTS: "false",
  };
  for (const [k, v] of Object.entries(env)) if (v !== undefined) full[k] = v;
  // Without a DOCKER_CONFIG from the caller, a fresh private one for this call only.
  const ownConfig = full.DOCKER_CONFIG === undefined ? mkdtempSync(join(tmpdir(), "wh-docker-config-")) : undefined;
  if (ownConfig) full.DOCKER_CONFIG = ownConfig;
  try {
    return await runCommand(DOCKER_CLI, args, { env: full, input: opts.input, timeout: opts.timeout ?? 120_000 });
  } finally {
    if (ownConfig) rmSync(ownConfig, { recursive: true, force: true });
  }
}
