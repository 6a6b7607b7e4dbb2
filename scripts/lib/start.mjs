// `npm start`: sets up what is missing, then runs the local engine (wharfd) and the web app side by side until
// SIGINT/SIGTERM, and prints the URL to open. Embedded defaults: data under ./data, web on port 3000.
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { createServer, request } from "node:http";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { ROOT, isRoot, log, startChild } from "./proc.mjs";
import { ENGINE_PACKAGES, buildNative, ensureNodeModules, ensurePackages, ensurePrismaClient, ensureWebBuild, migrateDatabase } from "./setup.mjs";

export function engineArgs(dataDir) {
  return ["--host", `unix://${join(dataDir, "run/wharf.sock")}`, "--data-root", join(dataDir, "engine"), "--exec-root", join(dataDir, "run/engine"), "--pidfile", join(dataDir, "run/wharfd.pid")];
}

/** The auth secret lives in the data dir (0600) so sessions survive restarts; made on first start. */
function loadAuthSecret(dataDir) {
  const file = join(dataDir, "secrets/auth-secret");
  if (!existsSync(file)) {
    mkdirSync(join(dataDir, "secrets"), { recursive: true, mode: 0o700 });
    writeFileSync(file, randomBytes(32).toString("base64url"), { mode: 0o600 });
  }
  chmodSync(file, 0o600);
  return readFileSync(file, "utf8").trim();
}

function waitFor(check, what, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolvePromise, reject) => {
    const tick = async () => {
      if (await check()) return resolvePromise();
      if (Date.now() > deadline) return reject(new Error(`${what} did not come up within ${timeoutMs / 1000} s`));
      setTimeout(tick, 100);
    };
    void tick();
  });
}

function httpOk(opts) {
  return new Promise((res) => {
    const req = request({ method: "HEAD", timeout: 2000, ...opts }, (r) => {
      r.resume();
      res(r.statusCode !== undefined && r.statusCode < 500);
    });
    req.on("error", () => res(false));
    req.on("timeout", () => req.destroy());
    req.end();
  });
}

/** Fails at once when the port is taken, rather than later mistaking another server for ours. */
function assertPortFree(port, hostname) {
  return new Promise((resolvePromise, reject) => {
    const probe = createServer();
    probe.once("error", (err) =>
      reject(err.code === "EADDRINUSE" ? new Error(`port ${port} is already in use on ${hostname}: choose another with --port`) : err),
    );
    probe.listen(port, hostname, () => probe.close(() => resolvePromise()));
  });
}

export async function start(argv) {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: "string", default: process.env.PORT ?? "3000" },
      hostname: { type: "string", default: "0.0.0.0" },
      "data-dir": { type: "string", default: join(ROOT, "data") },
      "no-engine": { type: "boolean", default: false },
    },
  });
  const dataDir = resolve(values["data-dir"]);
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`--port must be 1-65535, got ${values.port}`);
  const runEngine = !values["no-engine"] && isRoot();
  await assertPortFree(port, values.hostname);

  if (isRoot()) ensurePackages(ENGINE_PACKAGES);
  ensureNodeModules();
  buildNative();
  ensurePrismaClient();
  ensureWebBuild();
  mkdirSync(join(dataDir, "run"), { recursive: true, mode: 0o711 });
  const databaseUrl = `file:${join(dataDir, "wharf.db")}`;
  migrateDatabase(databaseUrl);

  const children = [];
  let stopping = false;
  const stopAll = (code) => {
    if (stopping) return;
    stopping = true;
    for (const c of children) if (c.exitCode === null) c.kill("SIGTERM");
    const timer = setTimeout(() => {
      for (const c of children) if (c.exitCode === null) c.kill("SIGKILL");
    }, 10_000);
    Promise.all(children.map((c) => (c.exitCode !== null ? null : new Promise((r) => c.once("exit", r))))).then(() => {
      clearTimeout(timer);
      process.exit(code);
    });
  };
  process.on("SIGINT", () => stopAll(0));
  process.on("SIGTERM", () => stopAll(0));

  const engineSocket = join(dataDir, "run/wharf.sock");
  if (runEngine) {
    const engine = startChild(process.execPath, ["--import", "tsx", "engine/src/main.ts", ...engineArgs(dataDir)]);
    children.push(engine);
    engine.once("exit", (code) => {
      if (!stopping) {
        log(`the engine exited (${code}); stopping`);
        stopAll(1);
      }
    });
    await waitFor(() => httpOk({ socketPath: engineSocket, path: "/_ping" }), "the engine", 30_000);
    log(`engine listening on unix://${engineSocket}`);
  } else {
    log(isRoot() ? "engine disabled (--no-engine)" : "not root: the local engine needs root and was not started");
  }

  const web = startChild(process.execPath, ["--import", "tsx", "server/main.ts"], {
    env: {
      NODE_ENV: "production",
      PORT: String(port),
      WHARF_HOSTNAME: values.hostname,
      WHARF_DATA_DIR: dataDir,
      DATABASE_URL: databaseUrl,
      AUTH_SECRET: loadAuthSecret(dataDir),
      AUTH_TRUST_HOST: "true",
      WHARF_ENGINE_HOST: `unix://${engineSocket}`,
      NEXT_TELEMETRY_DISABLED: "1",
    },
  });
  children.push(web);
  web.once("exit", (code) => {
    if (!stopping) {
      log(`the web app exited (${code}); stopping`);
      stopAll(1);
    }
  });
  await waitFor(() => httpOk({ host: "127.0.0.1", port, path: "/" }), "the web app", 60_000);
  log(`Wharf is running. Open http://localhost:${port}  (data: ${dataDir}; Ctrl-C stops)`);
}
