// Every procedure of the root router must declare its access (a permission or "public"), and the single
// access middleware must enforce it.
import { describe, expect, it, vi } from "vitest";

// "server-only" throws outside a React Server bundle by design; here it is only a marker.
vi.mock("server-only", () => ({}));

const { appRouter, createCaller } = await import("./root");
const { isAccess } = await import("../auth/permissions");
const { createLogger } = await import("../log");

type ProcedureDef = { _def: { meta?: { access?: unknown }; type: string } };

function procedures(): Array<[string, ProcedureDef]> {
  return Object.entries(appRouter._def.procedures as unknown as Record<string, ProcedureDef>);
}

function callerFor(user: { id: string; username: string; isAdmin: boolean; disabled: boolean } | null) {
  return createCaller({
    db: undefined as never, // never reached: access is decided before any service runs
    user,
    log: createLogger("silent"),
    clientAddress: "127.0.0.1",
    requestId: "test",
  });
}

describe("procedure access declarations", () => {
  it("the router has procedures to check", () => {
    expect(procedures().length).toBeGreaterThan(0);
  });

  it.each(procedures().map(([path, p]) => [path, p] as const))("%s declares a known access", (_path, procedure) => {
    expect(isAccess(procedure._def.meta?.access)).toBe(true);
  });

  it("only first-run setup is public", () => {
    const publicPaths = procedures()
      .filter(([, p]) => p._def.meta?.access === "public")
      .map(([path]) => path)
      .sort();
    expect(publicPaths).toEqual(["setup.createAdmin", "setup.status"]);
  });
});

describe("the access middleware", () => {
  it("refuses a guarded procedure without a session", async () => {
    await expect(callerFor(null).environment.list()).rejects.toMatchObject({ code: "UNAUTHORIZED", message: "Sign in to continue." });
  });

  it("refuses a user who lacks the permission", async () => {
    const viewer = { id: "u2", username: "viewer", isAdmin: false, disabled: false };
    await expect(callerFor(viewer).environment.list()).rejects.toMatchObject({
      code: "FORBIDDEN",
      message: 'You lack the permission "environment:read".',
    });
  });

  it("refuses a disabled administrator", async () => {
    const admin = { id: "u1", username: "admin", isAdmin: true, disabled: true };
    await expect(callerFor(admin).environment.list()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });
});
