// Idempotent set-up steps shared by `npm start`, `npm test` and `npm run engine`. Each step checks whether it is
// needed first, so a second run starts in seconds. Node built-ins only (runs before dependencies exist).
import { spawnSync } from "node:child_process";
import { existsSync, lstatSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { ROOT, isRoot, log, run, runBin } from "./proc.mjs";

/** Debian packages the engine needs to build and run containers. */
export const ENGINE_PACKAGES = ["build-essential", "pkg-config", "libseccomp-dev", "iptables", "nftables", "iproute2", "attr", "busybox-static"];
/** Extra Debian packages the test suite uses: real peers (dockerd, registry, runc, crun), a browser, tools. */
export const TEST_PACKAGES = [
  ...ENGINE_PACKAGES,
  "chromium", "fonts-dejavu-core", "docker.io", "containerd", "runc", "crun", "docker-registry", "skopeo", "openssl",
  "apache2-utils", "zstd", "procps", "psmisc", "curl", "openssh-server", "openssh-client", "docker-compose",
];

function missingPackages(packages) {
  return packages.filter((p) => {
    const r = spawnSync("dpkg-query", ["-W", "-f=${Status}", p], { encoding: "utf8" });
    return r.status !== 0 || !r.stdout.includes("install ok installed");
  });
}

/** Installs missing Debian packages with apt-get (after `apt-get update`). Needs root. */
export function ensurePackages(packages) {
  const missing = missingPackages(packages);
  if (missing.length === 0) return;
  if (!isRoot()) throw new Error(`missing Debian packages: ${missing.join(" ")} — run as root or install them with apt-get`);
  log(`installing Debian packages: ${missing.join(" ")}`);
  const env = { DEBIAN_FRONTEND: "noninteractive" };
  run("apt-get", ["update", "-qq"], { env });
  run("apt-get", ["install", "-y", "-qq", "--no-install-recommends", ...missing], { env, stdio: ["ignore", "ignore", "inherit"] });
}

function mtime(path) {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}

/** Newest mtime of any file under the given paths (skipping node_modules, .next and build outputs). */
function newest(paths) {
  let max = 0;
  const walk = (p) => {
    let st;
    try {
      st = statSync(p);
    } catch {
      return;
    }
    if (st.isDirectory()) {
      for (const e of readdirSync(p)) if (!["node_modules", ".next", "build", "generated"].includes(e)) walk(join(p, e));
    } else if (st.mtimeMs > max) max = st.mtimeMs;
  };
  paths.forEach((p) => walk(join(ROOT, p)));
  return max;
}

/** `npm ci` when node_modules is missing or older than package-lock.json. */
export function ensureNodeModules() {
  // npm ci empties node_modules first: through a symlink that would wipe another checkout's dependencies.
  if (existsSync(join(ROOT, "node_modules")) && lstatSync(join(ROOT, "node_modules")).isSymbolicLink()) {
    throw new Error("node_modules is a symlink: refusing to run npm ci through it (use a real node_modules)");
  }
  const marker = join(ROOT, "node_modules/.package-lock.json");
  if (existsSync(marker) && mtime(marker) >= mtime(join(ROOT, "package-lock.json"))) return;
  log("installing npm dependencies (npm ci)");
  run("npm", ["ci", "--no-audit", "--no-fund", "--loglevel=error"]);
}

/** `make -C native` (make itself skips what is up to date). */
export function buildNative() {
  run("make", ["-s", "-C", "native"], { stdio: ["ignore", "ignore", "inherit"] });
}

/** `prisma generate` when the generated client is missing or older than the schema. */
export function ensurePrismaClient() {
  const out = join(ROOT, "server/db/generated");
  if (existsSync(out) && mtime(out) >= mtime(join(ROOT, "prisma/schema.prisma"))) return;
  log("generating the Prisma client");
  runBin("prisma", ["generate"], { env: { DATABASE_URL: "file:/tmp/wharf-generate.db" }, stdio: ["ignore", "ignore", "inherit"] });
}

/** `next build` when there is no build or a source is newer than it. */
export function ensureWebBuild() {
  const buildId = join(ROOT, ".next/BUILD_ID");
  const sources = ["app", "server", "next.config.ts", "postcss.config.mjs", "package-lock.json", "tsconfig.json", "prisma/schema.prisma"];
  if (existsSync(buildId) && mtime(buildId) >= newest(sources)) return;
  log("building the web app (next build)");
  runBin("next", ["build"], { env: { NEXT_TELEMETRY_DISABLED: "1" } });
}

/** Applies pending migrations to the SQLite database at `databaseUrl` (file:/abs/path.db). */
export function migrateDatabase(databaseUrl) {
  runBin("prisma", ["migrate", "deploy"], { env: { DATABASE_URL: databaseUrl }, stdio: ["ignore", "ignore", "inherit"] });
}
