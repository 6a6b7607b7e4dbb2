// The real docker CLI (/usr/local/bin/docker, 28.2.2) as tests run it. Each dockerd from startDockerd hands out
// an `env` with its own DOCKER_CONFIG; without one, a private per-process config dir is used, so ~/.docker is
// never read or written.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCommand, type CommandResult } from "./run-command.js";

export const DOCKER_CLI = "/usr/local/bin/docker";

let fallbackConfigDir: string | undefined;

function privateConfigDir(): string {
  if (fallbackConfigDir === undefined) {
    const dir = mkdtempSync(join(tmpdir(), "wh-docker-config-"));
    fallbackConfigDir = dir;
    process.once("exit", () => rmSync(dir, { recursive: true, force: true }));
  }
  return fallbackConfigDir;
}

/**
 * Runs `docker <args>` with `env` (e.g. Dockerd.env: DOCKER_HOST, DOCKER_CONFIG) on top of a minimal
 * environment (PATH, HOME). Never throws for a non-zero exit: assert on `code` and `stderr`.
 */
export function dockerCli(
  env: Record<string, string | undefined>,
  args: readonly string[],
  opts: { input?: string | Buffer; timeout?: number } = {},
): Promise<CommandResult> {
  const full: Record<string, string> = {
    PATH: process.env.PATH ?? "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
    HOME: process.env.HOME ?? "/root",
    DOCKER_CONFIG: env.DOCKER_CONFIG ?? privateConfigDir(),
    DOCKER_CLI_HINTS: "false",
  };
  for (const [k, v] of Object.entries(env)) if (v !== undefined) full[k] = v;
  return runCommand(DOCKER_CLI, args, { env: full, input: opts.input, timeout: opts.timeout ?? 120_000 });
}
