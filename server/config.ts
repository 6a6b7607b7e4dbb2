// Process configuration, parsed and validated ONCE from the environment the bootstrap (scripts/wharf.mjs)
// sets. Nothing else in the control plane reads process.env (next-auth's own AUTH_* reads aside).
import path from "node:path";
import { z } from "zod";

export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
export const NODE_ENVS = ["development", "production", "test"] as const;

/** Docker host URL schemes an environment (and WHARF_ENGINE_HOST) may use. */
const ENGINE_HOST_PATTERN = /^(unix:\/\/\/.+|tcp:\/\/[^/]+|ssh:\/\/[^/]+|npipe:\/\/.+)$/;

const configSchema = z.object({
  NODE_ENV: z.enum(NODE_ENVS).default("development"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  WHARF_HOSTNAME: z.string().min(1).default("0.0.0.0"),
  WHARF_DATA_DIR: z
    .string({ error: "WHARF_DATA_DIR is required" })
    .refine((p) => path.isAbsolute(p), "WHARF_DATA_DIR must be an absolute path"),
  DATABASE_URL: z
    .string({ error: "DATABASE_URL is required" })
    .regex(/^file:.+/, "DATABASE_URL must be a SQLite file: URL (file:/abs/path/wharf.db)"),
  AUTH_SECRET: z
    .string({ error: "AUTH_SECRET is required" })
    .min(32, "AUTH_SECRET must be at least 32 characters"),
  AUTH_TRUST_HOST: z
    .enum(["true", "false", "1", "0"])
    .default("true")
    .transform((v) => v === "true" || v === "1"),
  WHARF_ENGINE_HOST: z
    .string({ error: "WHARF_ENGINE_HOST is required" })
    .regex(ENGINE_HOST_PATTERN, "WHARF_ENGINE_HOST must be a Docker host URL (unix:///path, tcp://host:port, ssh://host)"),
  WHARF_LOG_LEVEL: z.enum(LOG_LEVELS).default("info"),
  /** Optional 32-byte key (base64) sealing environment credentials; else WHARF_DATA_DIR/secrets/credentials-key. */
  WHARF_SECRET_KEY: z
    .string()
    .refine((v) => Buffer.from(v, "base64").length === 32, "WHARF_SECRET_KEY must be 32 bytes, base64-encoded")
    .optional(),
});

export type Config = {
  nodeEnv: (typeof NODE_ENVS)[number];
  port: number;
  hostname: string;
  dataDir: string;
  databaseUrl: string;
  authSecret: string;
  authTrustHost: boolean;
  engineHost: string;
  logLevel: (typeof LOG_LEVELS)[number];
  /** base64 of 32 bytes, or null to use (and create) the key file in the data directory */
  secretKey: string | null;
};

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n  ${problems.join("\n  ")}`);
    this.name = "ConfigError";
  }
}

/** Parses an environment map; throws ConfigError listing every problem as "VAR: message". */
export function parseConfig(env: Record<string, string | undefined>): Config {
  const result = configSchema.safeParse(env);
  if (!result.success) {
    throw new ConfigError(result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`));
  }
  const e = result.data;
  return {
    nodeEnv: e.NODE_ENV,
    port: e.PORT,
    hostname: e.WHARF_HOSTNAME,
    dataDir: e.WHARF_DATA_DIR,
    databaseUrl: e.DATABASE_URL,
    authSecret: e.AUTH_SECRET,
    authTrustHost: e.AUTH_TRUST_HOST,
    engineHost: e.WHARF_ENGINE_HOST,
    logLevel: e.WHARF_LOG_LEVEL,
    secretKey: e.WHARF_SECRET_KEY ?? null,
  };
}

const globalForConfig = globalThis as unknown as { wharfConfig?: Config };

/** The process configuration, parsed on first use (never at import time, so `next build` needs no env). */
export function getConfig(): Config {
  globalForConfig.wharfConfig ??= parseConfig(process.env);
  return globalForConfig.wharfConfig;
}
