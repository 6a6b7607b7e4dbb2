// A real registry for tests: Debian's docker-registry (CNCF distribution 2.8.2) with its own config file, storage
// dir and a free loopback port. The packaged /etc/docker/registry/config.yml (all interfaces, htpasswd auth) is
// never used.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { freePort } from "./free-port.js";
import { HarnessError } from "./harness-error.js";
import { harnessLog } from "./harness-log.js";
import { runChecked } from "./run-command.js";
import { tempDir } from "./temp-dir.js";
import { waitFor } from "./wait-for.js";
import { signalPid, stopProcess } from "./stop-process.js";

export const REGISTRY_BINARY = "/usr/bin/docker-registry";
export const HTPASSWD_BINARY = "/usr/bin/htpasswd";

export interface RegistryOptions {
  /** Require HTTP basic auth with this user (htpasswd file with a bcrypt entry, made with apache2-utils'
   * htpasswd). Default: no auth. */
  basicAuth?: { username: string; password: string };
  /** Milliseconds to wait for `GET /v2/` to answer; default 15 s. */
  readyTimeoutMs?: number;
}

export interface Registry {
  /** "127.0.0.1:PORT" — the registry part of image references, e.g. `${host}/busybox:latest`. */
  readonly host: string;
  /** "http://127.0.0.1:PORT" */
  readonly url: string;
  readonly port: number;
  readonly pid: number;
  /** The temp dir holding config.yml, htpasswd and storage/ (removed by stop()). */
  readonly dir: string;
  /** Value for an Authorization header when basicAuth was set. */
  readonly authorization?: string;
  /** SIGTERMs the registry by PID (SIGKILL after 5 s), waits for it, removes its dir. Idempotent. */
  stop(): Promise<void>;
}

/** Starts a registry and resolves once `GET /v2/` answers (200, or 401 when basic auth is on). */
export async function startRegistry(opts: RegistryOptions = {}): Promise<Registry> {
  if (!existsSync(REGISTRY_BINARY)) {
    throw new HarnessError("Unavailable", "missing: apt-get install docker-registry", { object: REGISTRY_BINARY });
  }
  let lastError: unknown;
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      return await startRegistryOnce(opts, await freePort());
    } catch (e) {
      lastError = e; // most likely the port was taken between freePort() and the registry's bind: retry
      harnessLog.debug({ err: e, attempt }, "registry start failed, retrying");
    }
  }
  throw new HarnessError("Unavailable", "registry did not start after 5 attempts", {
    object: REGISTRY_BINARY,
    cause: lastError,
  });
}

async function startRegistryOnce(opts: RegistryOptions, port: number): Promise<Registry> {
  const dir = tempDir("wh-registry");
  const storage = join(dir.path, "storage");
  mkdirSync(storage);
  let authorization: string | undefined;
  let authYaml = "";
  if (opts.basicAuth) {
    const htpasswd = join(dir.path, "htpasswd");
    writeFileSync(htpasswd, `${await htpasswdLine(opts.basicAuth.username, opts.basicAuth.password)}\n`);
    authYaml = `auth:\n  htpasswd:\n    realm: wharf-harness\n    path: ${htpasswd}\n`;
    authorization = `Basic ${Buffer.from(`${opts.basicAuth.username}:${opts.basicAuth.password}`).toString("base64")}`;
  }
  // Config reference: distribution docs/configuration.md (version 0.1).
  const config = [
    "version: 0.1",
    "log:",
    "  level: warn",
    "  accesslog:",
    "    disabled: true",
    "storage:",
    "  filesystem:",
    `    rootdirectory: ${storage}`,
    "  delete:",
    "    enabled: true",
    "  maintenance:",
    "    uploadpurging:",
    "      enabled: false",
    "http:",
    `  addr: 127.0.0.1:${port}`,
    `  secret: ${randomBytes(16).toString("hex")}`,
    "",
  ].join("\n") + authYaml;
  const configPath = join(dir.path, "config.yml");
  writeFileSync(configPath, config);

  const child = spawn(REGISTRY_BINARY, ["serve", configPath], { stdio: ["ignore", "ignore", "pipe"] });
  const pid = child.pid;
  if (pid === undefined) {
    dir.remove();
    throw new HarnessError("Unavailable", "spawn returned no pid", { object: REGISTRY_BINARY });
  }
  let stderr = "";
  child.stderr.on("data", (b: Buffer) => {
    stderr = (stderr + b.toString("utf8")).slice(-4000);
  });
  let exited: string | undefined;
  child.once("exit", (code, signal) => {
    exited = `registry exited (${code ?? signal}) before answering: ${stderr.trim()}`;
  });

  const url = `http://127.0.0.1:${port}`;
  // Safety net if the test process exits without calling stop() (e.g. a run aborted mid-way): kill by PID and
  // remove the dir synchronously; "exit" handlers cannot wait.
  const onExit = () => {
    signalPid(pid, "SIGKILL");
    rmSync(dir.path, { recursive: true, force: true });
  };
  process.once("exit", onExit);
  let stopped = false;
  const registry: Registry = {
    host: `127.0.0.1:${port}`,
    url,
    port,
    pid,
    dir: dir.path,
    authorization,
    async stop() {
      if (stopped) return;
      stopped = true;
      process.removeListener("exit", onExit);
      await stopProcess(child, { graceMs: 5_000 });
      dir.remove();
    },
  };
  try {
    await waitFor(
      `registry ${url}/v2/`,
      async () => {
        const res = await fetch(`${url}/v2/`);
        await res.arrayBuffer();
        return res.status === 200 || (opts.basicAuth && res.status === 401) ? true : undefined;
      },
      { timeoutMs: opts.readyTimeoutMs ?? 15_000, abort: () => exited },
    );
  } catch (e) {
    await registry.stop();
    throw e;
  }
  harnessLog.debug({ pid, url }, "registry ready");
  return registry;
}

/**
 * An htpasswd line "user:$2y$..." (bcrypt, which is all distribution's htpasswd auth accepts). Uses `htpasswd`
 * from apache2-utils (password on stdin, cost 4 to keep tests fast); falls back to crypt(3) from Debian's
 * libcrypt through /usr/bin/python3 when apache2-utils is missing.
 */
async function htpasswdLine(username: string, password: string): Promise<string> {
  if (existsSync(HTPASSWD_BINARY)) {
    return (await runChecked(HTPASSWD_BINARY, ["-niB", "-C", "4", username], { input: `${password}\n` })).trim();
  }
  if (!existsSync("/usr/bin/python3")) {
    throw new HarnessError("Unavailable", "no bcrypt tool: apt-get install apache2-utils", { object: HTPASSWD_BINARY });
  }
  const out = await runChecked(
    "/usr/bin/python3",
    ["-W", "ignore", "-c", "import crypt,sys; print(crypt.crypt(sys.stdin.read(), crypt.mksalt(crypt.METHOD_BLOWFISH, rounds=1<<4)))"],
    { input: password },
  );
  const hash = out.trim();
  if (!hash.startsWith("$2")) throw new HarnessError("Unavailable", `crypt(3) gave no bcrypt hash: ${hash}`, { object: "python3 crypt" });
  return `${username}:${hash}`;
}
