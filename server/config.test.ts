import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "./config";

const valid = {
  NODE_ENV: "production",
  PORT: "3100",
  WHARF_HOSTNAME: "127.0.0.1",
  WHARF_DATA_DIR: "/var/lib/wharf",
  DATABASE_URL: "file:/var/lib/wharf/wharf.db",
  AUTH_SECRET: "x".repeat(44),
  AUTH_TRUST_HOST: "true",
  WHARF_ENGINE_HOST: "unix:///var/lib/wharf/run/wharf.sock",
  WHARF_LOG_LEVEL: "debug",
};

function problemsOf(env: Record<string, string | undefined>): string[] {
  try {
    parseConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  throw new Error("expected a ConfigError");
}

describe("parseConfig", () => {
  it("reads a complete environment", () => {
    expect(parseConfig(valid)).toEqual({
      nodeEnv: "production",
      port: 3100,
      hostname: "127.0.0.1",
      dataDir: "/var/lib/wharf",
      databaseUrl: "file:/var/lib/wharf/wharf.db",
      authSecret: "x".repeat(44),
      authTrustHost: true,
      engineHost: "unix:///var/lib/wharf/run/wharf.sock",
      logLevel: "debug",
      secretKey: null,
    });
  });

  it("accepts a 32-byte base64 WHARF_SECRET_KEY and refuses another length", () => {
    const key = Buffer.alloc(32, 7).toString("base64");
    expect(parseConfig({ ...valid, WHARF_SECRET_KEY: key }).secretKey).toBe(key);
    expect(problemsOf({ ...valid, WHARF_SECRET_KEY: "c2hvcnQ=" })).toEqual([
      "WHARF_SECRET_KEY: WHARF_SECRET_KEY must be 32 bytes, base64-encoded",
    ]);
  });

  it("fills defaults for port, bind address, log level", () => {
    const config = parseConfig({ ...valid, PORT: undefined, WHARF_HOSTNAME: undefined, WHARF_LOG_LEVEL: undefined });
    expect(config.port).toBe(3000);
    expect(config.hostname).toBe("0.0.0.0");
    expect(config.logLevel).toBe("info");
  });

  it("names every missing variable at once", () => {
    const problems = problemsOf({ NODE_ENV: "production" });
    expect(problems).toEqual(
      expect.arrayContaining([
        "WHARF_DATA_DIR: WHARF_DATA_DIR is required",
        "DATABASE_URL: DATABASE_URL is required",
        "AUTH_SECRET: AUTH_SECRET is required",
        "WHARF_ENGINE_HOST: WHARF_ENGINE_HOST is required",
      ]),
    );
  });

  it("explains bad values", () => {
    expect(problemsOf({ ...valid, WHARF_DATA_DIR: "data" })).toEqual(["WHARF_DATA_DIR: WHARF_DATA_DIR must be an absolute path"]);
    expect(problemsOf({ ...valid, AUTH_SECRET: "short" })).toEqual(["AUTH_SECRET: AUTH_SECRET must be at least 32 characters"]);
    expect(problemsOf({ ...valid, DATABASE_URL: "postgres://x" })[0]).toMatch(/^DATABASE_URL: DATABASE_URL must be a SQLite file: URL/);
    expect(problemsOf({ ...valid, WHARF_ENGINE_HOST: "/run/docker.sock" })[0]).toMatch(/^WHARF_ENGINE_HOST: .*Docker host URL/);
    expect(problemsOf({ ...valid, PORT: "70000" })[0]).toMatch(/^PORT: /);
    expect(problemsOf({ ...valid, WHARF_LOG_LEVEL: "loud" })[0]).toMatch(/^WHARF_LOG_LEVEL: /);
  });
});
