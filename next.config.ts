import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  poweredByHeader: false,
  // Type errors are caught by the repository-wide `tsc --noEmit` stage of `npm test` (scripts/lib/run-tests.mjs).
  // next build would otherwise type-check every folder (engine/, tests/, ...) and refuse to build the web app
  // over an unrelated subsystem's type error.
  typescript: { ignoreBuildErrors: true },
  // Native or Node-only packages stay outside the server bundle and are loaded from node_modules.
  serverExternalPackages: [
    "dockerode",
    "docker-modem",
    "ssh2",
    "cpu-features",
    "better-sqlite3",
    "@prisma/adapter-better-sqlite3",
    "@node-rs/argon2",
    "pino",
    "ws",
  ],
};

export default nextConfig;
