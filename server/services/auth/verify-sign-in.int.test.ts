// Sign-in checks against a real migrated SQLite database: outcomes, audit rows, rate limit.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migratedDatabases } from "../../db/migrated-test-database";
import type { Database } from "../../db/client";
import { createLogger } from "../../log";
import { SignInLimiter } from "../../auth/sign-in-limiter";
import { createFirstAdmin } from "../setup/create-first-admin";
import { INVALID_CREDENTIALS, verifySignIn } from "./verify-sign-in";

const log = createLogger("silent");
const databases = migratedDatabases();
const password = "a-long-enough-password";
let db: Database;

beforeAll(async () => {
  db = databases.open(databases.createUrl());
  await createFirstAdmin(db, log, { username: "admin", password, confirmPassword: password }, "127.0.0.1");
});
afterAll(() => databases.cleanup());

describe("verifySignIn", () => {
  it("signs in with the right password, records the time and audits it", async () => {
    const user = await verifySignIn(db, log, new SignInLimiter(), { username: "admin", password, address: "10.0.0.1" });
    expect(user).toMatchObject({ username: "admin", isAdmin: true });
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).lastLoginAt).toBeInstanceOf(Date);
    const entry = await db.auditLog.findFirstOrThrow({ where: { action: "auth.sign-in", result: "success" } });
    expect(entry).toMatchObject({ userId: user.id, username: "admin", address: "10.0.0.1" });
  });

  it("gives one message for a wrong password and an unknown user, and audits both", async () => {
    const limiter = new SignInLimiter();
    for (const username of ["admin", "nobody"]) {
      await expect(
        verifySignIn(db, log, limiter, { username, password: "wrong-password!", address: "10.0.0.2" }),
      ).rejects.toMatchObject({ kind: "Unauthorized", message: INVALID_CREDENTIALS });
    }
    const failures = await db.auditLog.findMany({ where: { action: "auth.sign-in", result: "failure" }, orderBy: { createdAt: "asc" } });
    expect(failures.map((f) => [f.username, f.detail])).toEqual([
      ["admin", "wrong password"],
      ["nobody", "unknown user"],
    ]);
  });

  it("refuses the sixth attempt after five failures, even with the right password", async () => {
    const limiter = new SignInLimiter();
    const attempt = { username: "admin", address: "10.0.0.3" };
    for (let i = 0; i < 5; i++) {
      await expect(verifySignIn(db, log, limiter, { ...attempt, password: `wrong-${i}` })).rejects.toMatchObject({ kind: "Unauthorized" });
    }
    await expect(verifySignIn(db, log, limiter, { ...attempt, password })).rejects.toMatchObject({
      kind: "TooManyRequests",
      message: "Too many failed sign-ins. Try again in 30 seconds.",
    });
    expect(await db.auditLog.count({ where: { action: "auth.sign-in", result: "refused" } })).toBe(1);
  });
});
