// create-first-admin against a real SQLite file with the real migrations applied by the Prisma CLI.
import { afterAll, describe, expect, it } from "vitest";
import { migratedDatabases } from "../../db/migrated-test-database";
import { createLogger } from "../../log";
import { verifyPassword } from "../../auth/password";
import { createFirstAdmin, SETUP_ALREADY_COMPLETE } from "./create-first-admin";
import { getSetupState } from "./get-setup-state";

const log = createLogger("silent");
const databases = migratedDatabases();
const migratedDatabaseUrl = () => databases.createUrl();
const open = (url: string) => databases.open(url);

const password = "a-long-enough-password";

afterAll(() => databases.cleanup());

describe("createFirstAdmin", () => {
  it("creates the administrator once, then refuses with a clear error", async () => {
    const db = open(migratedDatabaseUrl());
    expect(await getSetupState(db)).toEqual({ needsSetup: true });

    const admin = await createFirstAdmin(db, log, { username: "admin", password, confirmPassword: password }, "127.0.0.1");
    expect(admin.username).toBe("admin");
    expect(await getSetupState(db)).toEqual({ needsSetup: false });

    const stored = await db.user.findUniqueOrThrow({ where: { username: "admin" } });
    expect(stored.isAdmin).toBe(true);
    expect(stored.passwordHash.startsWith("$argon2id$")).toBe(true);
    expect(await verifyPassword(stored.passwordHash, password)).toBe(true);

    await expect(
      createFirstAdmin(db, log, { username: "second", password, confirmPassword: password }, "127.0.0.1"),
    ).rejects.toMatchObject({ kind: "Conflict", message: SETUP_ALREADY_COMPLETE });
    expect(await db.user.count()).toBe(1);

    const audit = await db.auditLog.findMany({ where: { action: "setup.create-admin" }, orderBy: { createdAt: "asc" } });
    expect(audit.map((a) => a.result)).toEqual(["success", "refused"]);
  });

  it("rejects bad input per field and creates nothing", async () => {
    const db = open(migratedDatabaseUrl());
    await expect(
      createFirstAdmin(db, log, { username: "admin", password: "short", confirmPassword: "other" }, "127.0.0.1"),
    ).rejects.toMatchObject({
      kind: "InvalidArgument",
      fieldErrors: {
        password: ["Password must be at least 12 characters"],
        confirmPassword: ["Passwords do not match"],
      },
    });
    expect(await db.user.count()).toBe(0);
  });

  it("of concurrent calls over separate connections, exactly one creates an administrator", async () => {
    const url = migratedDatabaseUrl();
    const connections = Array.from({ length: 6 }, () => open(url));
    const results = await Promise.allSettled(
      connections.map((db, i) =>
        createFirstAdmin(db, log, { username: `admin${i}`, password, confirmPassword: password }, "127.0.0.1"),
      ),
    );
    const created = results.filter((r) => r.status === "fulfilled");
    const refused = results.filter((r) => r.status === "rejected");
    expect(created).toHaveLength(1);
    expect(refused).toHaveLength(5);
    for (const r of refused) {
      expect((r as PromiseRejectedResult).reason).toMatchObject({ kind: "Conflict", message: SETUP_ALREADY_COMPLETE });
    }
    const check = connections[0]!;
    expect(await check.user.count()).toBe(1);
    expect(await check.user.count({ where: { isAdmin: true } })).toBe(1);
  });
});
