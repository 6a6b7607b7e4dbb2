// RBAC rules through the real router over a real migrated SQLite database: bad input is refused with clear
// errors (duplicate names, the last administrator, self-demotion, expired/revoked/malformed tokens, scopes
// wider than the owner), tokens over the real request context (Authorization: Bearer), team leaders, roles
// that change take effect at once, and the audit log (append-only, searchable, CSV).
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

vi.mock("server-only", () => ({}));

const databases = (await import("../db/migrated-test-database")).migratedDatabases();
const dataDir = mkdtempSync(path.join(os.tmpdir(), "wharf-rbac-int-"));
const databaseUrl = databases.createUrl();
// The request context reads its database from the configuration (getDb()), as in production.
Object.assign(process.env, {
  WHARF_DATA_DIR: dataDir,
  DATABASE_URL: databaseUrl,
  AUTH_SECRET: "rbac-rules-test-secret-0123456789abcdef",
  WHARF_ENGINE_HOST: "unix:///nonexistent/wharf-rbac.sock",
  WHARF_LOG_LEVEL: "silent",
});

const { appRouter, createCaller } = await import("./root");
const { createTRPCContext } = await import("./init");
const { getDb } = await import("../db/client");
const { getPrincipal } = await import("../services/auth/get-principal");
const { createLogger } = await import("../log");
const { hashPassword } = await import("../auth/password");

const db = getDb();
const log = createLogger("silent");
let environmentA = "";
let environmentB = "";

async function sessionCaller(userId: string) {
  const user = await getPrincipal(db, userId);
  return createCaller({ db, log, user, clientAddress: "127.0.0.7", requestId: "rbac", via: "session", authRefusal: null });
}

async function bearerCaller(token: string) {
  return createCaller(await createTRPCContext({ headers: new Headers({ authorization: `Bearer ${token}`, "x-wharf-client-address": "127.0.0.8" }) }));
}

async function makeUser(username: string, isAdmin = false): Promise<string> {
  return (await db.user.create({ data: { username, passwordHash: await hashPassword("correct horse battery"), isAdmin } })).id;
}

let adminId = "";

beforeAll(async () => {
  adminId = await makeUser("root-admin", true);
  environmentA = (await db.environment.create({ data: { name: "env-a", kind: "socket", url: "unix:///nonexistent/a.sock" } })).id;
  environmentB = (await db.environment.create({ data: { name: "env-b", kind: "socket", url: "unix:///nonexistent/b.sock" } })).id;
});

afterAll(async () => {
  await db.$disconnect();
  await databases.cleanup();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("users", () => {
  it("refuses a duplicate username with a clear message", async () => {
    const admin = await sessionCaller(adminId);
    await admin.user.create({ username: "alice", password: "correct horse battery" });
    await expect(admin.user.create({ username: "alice", password: "correct horse battery" })).rejects.toMatchObject({
      code: "CONFLICT",
      message: 'A user named "alice" already exists. Choose another name.',
    });
  });

  it("refuses to demote, disable or delete the last administrator, and self-demotion", async () => {
    const admin = await sessionCaller(adminId);
    await expect(admin.user.setAdmin({ userId: adminId, isAdmin: false })).rejects.toMatchObject({
      code: "CONFLICT",
      message: expect.stringContaining("You cannot remove your own Administrator role"),
    });
    await expect(admin.user.setDisabled({ userId: adminId, disabled: true })).rejects.toMatchObject({
      code: "CONFLICT",
      message: "You cannot disable your own account; ask another administrator.",
    });
    // A second admin (with user:manage) tries to demote, then delete, the first one while it is the last other.
    const secondId = await makeUser("second-admin", true);
    const second = await sessionCaller(secondId);
    await second.user.setAdmin({ userId: adminId, isAdmin: false });
    // now second-admin is the only administrator; root-admin (no longer admin) cannot act, and second cannot
    // be removed by anyone
    await expect((await sessionCaller(adminId)).user.list()).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(second.user.setAdmin({ userId: secondId, isAdmin: false })).rejects.toMatchObject({ code: "CONFLICT" });
    // a user manager who is not an administrator cannot demote, disable or delete the last administrator
    const managerRole = await db.role.create({ data: { name: "user managers", permissions: JSON.stringify(["user:manage"]) } });
    const managerId = await makeUser("manager");
    await db.roleBinding.create({ data: { roleId: managerRole.id, userId: managerId } });
    const manager = await sessionCaller(managerId);
    await expect(manager.user.setAdmin({ userId: secondId, isAdmin: false })).rejects.toMatchObject({
      code: "FORBIDDEN",
      message: "Only an administrator can grant or remove the Administrator role.",
    });
    await expect(manager.user.setDisabled({ userId: secondId, disabled: true })).rejects.toMatchObject({
      code: "FORBIDDEN",
      message: "Only an administrator can disable or enable an administrator.",
    });
    await expect(manager.user.delete({ userId: secondId })).rejects.toMatchObject({ code: "FORBIDDEN" });
    // restore
    await second.user.setAdmin({ userId: adminId, isAdmin: true });
    expect((await db.user.findUniqueOrThrow({ where: { id: adminId } })).isAdmin).toBe(true);
  });

  it("a disabled user is refused everything at once", async () => {
    const admin = await sessionCaller(adminId);
    const id = await makeUser("soon-disabled", true);
    expect((await (await sessionCaller(id)).user.list()).length).toBeGreaterThan(0);
    await admin.user.setDisabled({ userId: id, disabled: true });
    // a fresh request re-reads the user: refused
    await expect((await sessionCaller(id)).user.list()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });

  it("changing one's own password needs the current one and a browser session", async () => {
    const id = await makeUser("pw-changer");
    const self = await sessionCaller(id);
    await expect(self.account.changePassword({ currentPassword: "wrong", newPassword: "another long password" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: "The current password is wrong.",
    });
    await self.account.changePassword({ currentPassword: "correct horse battery", newPassword: "another long password" });
    const { verifyPassword } = await import("../auth/password");
    const row = await db.user.findUniqueOrThrow({ where: { id } });
    expect(await verifyPassword(row.passwordHash, "another long password")).toBe(true);
  });
});

describe("teams and roles", () => {
  it("refuses duplicate team and role names and changes to built-in roles", async () => {
    const admin = await sessionCaller(adminId);
    await admin.team.create({ name: "platform" });
    await expect(admin.team.create({ name: "platform" })).rejects.toMatchObject({
      code: "CONFLICT",
      message: 'A team named "platform" already exists. Choose another name.',
    });
    await admin.role.create({ name: "Deployer", permissions: ["container:read", "container:operate"] });
    await expect(admin.role.create({ name: "Deployer", permissions: ["container:read"] })).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(admin.role.create({ name: "Operator", permissions: ["container:read"] })).rejects.toMatchObject({
      code: "CONFLICT",
      message: 'A role named "Operator" already exists. Choose another name.',
    });
    await expect(admin.role.create({ name: "Bogus", permissions: ["container:fly"] })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(admin.role.update({ roleId: "operator", name: "Operator", permissions: ["container:read"] })).rejects.toMatchObject({
      code: "CONFLICT",
      message: '"Operator" is a built-in role and cannot be changed or deleted.',
    });
    await expect(admin.role.delete({ roleId: "helpdesk" })).rejects.toMatchObject({ code: "CONFLICT" });
  });

  it("a non-administrator role manager cannot give more than they hold", async () => {
    const admin = await sessionCaller(adminId);
    const managerRole = await admin.role.create({ name: "Role keepers", permissions: ["role:manage", "container:read"] });
    const keeperId = await makeUser("kim");
    const targetId = await makeUser("tom");
    await admin.binding.create({ roleId: managerRole.id, userId: keeperId });
    const keeper = await sessionCaller(keeperId);
    await expect(keeper.role.create({ name: "Escalate", permissions: ["user:manage"] })).rejects.toMatchObject({
      code: "FORBIDDEN",
      message: "A role cannot include permissions you do not hold: user:manage.",
    });
    await expect(keeper.binding.create({ roleId: "environment-administrator", userId: keeperId, environmentId: environmentA })).rejects.toMatchObject({
      code: "FORBIDDEN",
      message: expect.stringContaining("You cannot give Environment administrator"),
    });
    const viewer = await keeper.role.create({ name: "Container viewer", permissions: ["container:read"] });
    await keeper.binding.create({ roleId: viewer.id, userId: targetId, environmentId: environmentA });
    expect((await (await sessionCaller(targetId)).account.access()).environments.map((e) => e.permissions)).toEqual([["container:read"]]);
  });

  it("a team's Operator binding on one environment: lists show only it, lifecycle allowed, others refused", async () => {
    const admin = await sessionCaller(adminId);
    const team = await admin.team.create({ name: "ops" });
    const opId = await makeUser("olga");
    await admin.team.addMember({ teamId: team.id, userId: opId });
    await admin.binding.create({ roleId: "operator", teamId: team.id, environmentId: environmentA });
    await expect(admin.binding.create({ roleId: "operator", teamId: team.id, environmentId: environmentA })).rejects.toMatchObject({
      code: "CONFLICT",
      message: "team:ops already has Operator on env-a.",
    });
    const operator = await sessionCaller(opId);
    expect((await operator.environment.list()).map((e) => e.name)).toEqual(["env-a"]);
    const access = await operator.account.access();
    expect(access.environments.map((e) => e.name)).toEqual(["env-a"]);
    expect(access.environments[0]!.permissions).toContain("container:operate");
    expect(access.environments[0]!.permissions).not.toContain("network:manage");
    // restart on A gets past the access check (the engine is unreachable), on B it is refused
    await expect(operator.container.act({ environmentId: environmentA, containerId: "c1", action: "restart" })).rejects.not.toMatchObject({ code: "FORBIDDEN" });
    await expect(operator.container.act({ environmentId: environmentB, containerId: "c1", action: "restart" })).rejects.toMatchObject({
      code: "FORBIDDEN",
      message: 'You lack the permission "container:operate" on environment "env-b".',
    });
    await expect(operator.container.act({ environmentId: environmentA, containerId: "c1", action: "remove" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(operator.environment.remove({ environmentId: environmentA })).rejects.toMatchObject({
      code: "FORBIDDEN",
      message: 'You lack the permission "environment:manage" on environment "env-a".',
    });
    const denied = await db.auditLog.findMany({ where: { action: "access.denied", username: "olga" }, orderBy: { createdAt: "asc" } });
    expect(denied.map((d) => d.target)).toEqual(["container.act", "container.act", "environment.remove"]);
    expect(denied.every((d) => d.via === "session" && d.address === "127.0.0.7" && d.result === "refused")).toBe(true);
    // removing the membership takes effect on the next request
    await admin.team.removeMember({ teamId: team.id, userId: opId });
    await expect((await sessionCaller(opId)).environment.list()).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("a team leader manages only their own team's membership and cannot appoint leaders", async () => {
    const admin = await sessionCaller(adminId);
    const mine = await admin.team.create({ name: "frontend" });
    const other = await admin.team.create({ name: "backend" });
    const leaderId = await makeUser("lena");
    const memberId = await makeUser("max");
    await admin.team.addMember({ teamId: mine.id, userId: leaderId, isLeader: true });
    const leader = await sessionCaller(leaderId);
    await leader.team.addMember({ teamId: mine.id, userId: memberId });
    await expect(leader.team.addMember({ teamId: mine.id, userId: memberId })).rejects.toMatchObject({
      code: "CONFLICT",
      message: '"max" is already a member of "frontend".',
    });
    await expect(leader.team.addMember({ teamId: other.id, userId: memberId })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(leader.team.setLeader({ teamId: mine.id, userId: memberId, isLeader: true })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await leader.team.removeMember({ teamId: mine.id, userId: memberId });
    expect((await leader.team.list()).map((t) => t.name)).toEqual(["frontend"]);
  });
});

describe("API tokens", () => {
  it("is shown once, stored hashed, works as a Bearer token within its scope, and is audited as a token", async () => {
    const admin = await sessionCaller(adminId);
    const created = await admin.token.create({ name: "ci", permissions: ["environment:read", "audit:read"] });
    expect(created.token).toMatch(/^wharf_[A-Za-z0-9_-]{43}$/);
    const row = await db.apiToken.findUniqueOrThrow({ where: { id: created.id } });
    expect(row.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(row)).not.toContain(created.token);
    expect(JSON.stringify(await admin.token.list())).not.toContain(created.token);

    const ci = await bearerCaller(created.token);
    expect((await ci.environment.list()).length).toBe(2);
    await expect(ci.user.list()).rejects.toMatchObject({ code: "FORBIDDEN", message: 'You lack the permission "user:manage".' });
    // a token cannot mint tokens or change the owner's password
    await expect(ci.token.create({ name: "more", permissions: ["environment:read"] })).rejects.toMatchObject({
      code: "FORBIDDEN",
      message: "This action needs a signed-in session; API tokens cannot do it.",
    });
    const denied = await db.auditLog.findFirstOrThrow({ where: { action: "access.denied", target: "token.create" }, orderBy: { createdAt: "desc" } });
    expect(denied).toMatchObject({ via: "token", tokenId: created.id, username: "root-admin" });
    expect((await db.apiToken.findUniqueOrThrow({ where: { id: created.id } })).lastUsedAt).not.toBeNull();
  });

  it("refuses scopes wider than the owner, and shrinks when the owner is demoted", async () => {
    const admin = await sessionCaller(adminId);
    const viewerId = await makeUser("vera");
    const binding = await admin.binding.create({ roleId: "read-only", userId: viewerId, environmentId: environmentA });
    const vera = await sessionCaller(viewerId);
    await expect(vera.token.create({ name: "too-wide", permissions: ["container:read", "container:operate"] })).rejects.toMatchObject({
      code: "FORBIDDEN",
      message: "A token cannot have permissions you do not hold: container:operate.",
    });
    await expect(vera.token.create({ name: "other-env", permissions: ["container:read"], environmentId: environmentB })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    const ok = await vera.token.create({ name: "reader", permissions: ["environment:read", "container:read"], environmentId: environmentA });
    await expect(vera.token.create({ name: "reader", permissions: ["environment:read"] })).rejects.toMatchObject({
      code: "CONFLICT",
      message: 'You already have a token named "reader". Choose another name.',
    });
    expect((await (await bearerCaller(ok.token)).environment.list()).map((e) => e.name)).toEqual(["env-a"]);
    await admin.binding.delete({ bindingId: binding.id });
    await expect((await bearerCaller(ok.token)).environment.list()).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("refuses expired, revoked, unknown and malformed tokens with clear messages", async () => {
    const admin = await sessionCaller(adminId);
    const expiring = await admin.token.create({ name: "short", permissions: ["environment:read"], expiresInDays: 1 });
    await db.apiToken.update({ where: { id: expiring.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await expect((await bearerCaller(expiring.token)).environment.list()).rejects.toMatchObject({
      code: "UNAUTHORIZED",
      message: "The API token has expired.",
    });
    const revoked = await admin.token.create({ name: "gone", permissions: ["environment:read"] });
    await admin.token.revoke({ tokenId: revoked.id });
    await expect(admin.token.revoke({ tokenId: revoked.id })).rejects.toMatchObject({ code: "CONFLICT" });
    await expect((await bearerCaller(revoked.token)).environment.list()).rejects.toMatchObject({
      code: "UNAUTHORIZED",
      message: "The API token was revoked.",
    });
    await expect((await bearerCaller(`wharf_${"A".repeat(43)}`)).environment.list()).rejects.toMatchObject({
      code: "UNAUTHORIZED",
      message: "The API token is not valid.",
    });
    await expect((await bearerCaller("not-a-token")).environment.list()).rejects.toMatchObject({
      code: "UNAUTHORIZED",
      message: expect.stringContaining("malformed"),
    });
    const refusals = await db.auditLog.findMany({ where: { action: "access.denied", userId: null, target: "environment.list" } });
    expect(refusals.map((r) => r.detail)).toEqual(
      expect.arrayContaining(["The API token has expired.", "The API token was revoked.", "The API token is not valid."]),
    );
    expect(refusals.every((r) => r.address === "127.0.0.8")).toBe(true);
  });
});

describe("audit log", () => {
  it("has no procedure that updates or deletes entries", () => {
    const auditPaths = Object.entries(appRouter._def.procedures as unknown as Record<string, { _def: { type: string } }>).filter(([p]) =>
      p.startsWith("audit."),
    );
    expect(auditPaths.map(([p, d]) => `${p}:${d._def.type}`).sort()).toEqual(["audit.exportCsv:query", "audit.list:query"]);
  });

  it("is searchable and exports CSV for administrators only", async () => {
    const admin = await sessionCaller(adminId);
    const hits = await admin.audit.list({ search: "olga", result: "refused", limit: 50 });
    // container.act twice, environment.remove, and environment.list after leaving the team
    expect(hits.map((h) => h.target).sort()).toEqual(["container.act", "container.act", "environment.list", "environment.remove"]);
    const csv = await admin.audit.exportCsv({ search: "olga" });
    expect(csv.csv.split("\r\n")[0]).toBe("time,user,via,token,action,target,environment,result,address,detail");
    expect(csv.csv).toContain(",olga,session,,access.denied,environment.remove,");
    expect(csv.rows).toBeGreaterThanOrEqual(3);
    expect(await db.auditLog.count({ where: { action: "audit.export" } })).toBe(1);
    const helpdeskId = await makeUser("hank");
    await admin.binding.create({ roleId: "helpdesk", userId: helpdeskId });
    await expect((await sessionCaller(helpdeskId)).audit.exportCsv({})).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("records every change with who and the result", async () => {
    const entries = await db.auditLog.findMany({ where: { action: { in: ["team.create", "binding.create", "user.create", "token.revoke"] } } });
    expect(entries.some((e) => e.action === "team.create" && e.target === "team:ops" && e.result === "success" && e.username === "root-admin")).toBe(true);
    expect(entries.some((e) => e.action === "binding.create" && e.detail === "Operator on env-a")).toBe(true);
    expect(entries.some((e) => e.action === "user.create" && e.result === "failure" && e.detail?.includes("already exists"))).toBe(true);
  });
});
