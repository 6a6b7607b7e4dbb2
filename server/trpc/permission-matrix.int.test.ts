// The permission matrix (issue 9 acceptance): EVERY tRPC procedure of the real root router is called as
// each built-in role, custom roles, a team member, a team leader, API tokens with narrower scopes, a
// disabled user and nobody, on the bound environment and on another one, over a real migrated SQLite
// database; each cell is asserted against the policy the procedure declares (its access meta) and the role
// definitions written out below from the issue text (independently of server/auth/permissions.ts).
// "Allowed" means the call got past the access check (any outcome but UNAUTHORIZED/FORBIDDEN: a missing
// object, bad input or an unreachable engine are fine); "denied" means UNAUTHORIZED (no principal) or
// FORBIDDEN, with an "access.denied" row in the audit log.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

vi.mock("server-only", () => ({}));

const { appRouter, createCaller } = await import("./root");
const { migratedDatabases } = await import("../db/migrated-test-database");
const { getPrincipal } = await import("../services/auth/get-principal");
const { authenticateToken } = await import("../services/tokens/authenticate-token");
const { generateApiToken, hashApiToken } = await import("../auth/api-token");
const { createLogger } = await import("../log");
const { isAccess } = await import("../auth/permissions");

type Db = ReturnType<ReturnType<typeof migratedDatabases>["open"]>;
type Meta = { access?: string; environmentIdFrom?: string | null; anyEnvironment?: boolean; teamIdFrom?: string };
type ProcedureDef = { _def: { meta?: Meta; type: "query" | "mutation" | "subscription" } };

// ---- the policy, from the issue text -------------------------------------------------------------------

/** Permissions that only a binding on all environments (or Administrator) can give. */
const GLOBAL_ONLY = ["user:manage", "team:membership", "role:manage", "token:manage", "audit:read", "settings:manage"];
const READS = ["environment:read", "container:read", "image:read", "volume:read", "network:read", "stack:read", "registry:read"];
const ROLE_SPEC: Record<string, string[]> = {
  "environment-administrator": [
    ...READS,
    "environment:manage",
    "container:operate",
    "container:create",
    "container:remove",
    "container:console",
    "container:logs",
    "image:manage",
    "volume:manage",
    "network:manage",
    "stack:manage",
    "registry:manage",
    "webhook:manage",
  ],
  // lifecycle, logs, console, redeploy; no create/remove of networks/volumes/environments
  operator: [...READS, "container:operate", "container:logs", "container:console", "stack:manage"],
  // read everything + logs, no console, no changes
  helpdesk: [...READS, "container:logs"],
  "read-only": [...READS],
};
const CUSTOM_ENV_ROLE = ["environment:read", "network:read", "network:manage", "container:read"];
const CUSTOM_GLOBAL_ROLE = ["audit:read", "environment:read", "user:manage"];

/** A built-in role (its fixed id, seeded by the migration) or a custom role's permissions. */
type Binding = { builtIn?: keyof typeof ROLE_SPEC; custom?: string[]; env: "A" | null };
const permissionsOfBinding = (b: Binding): string[] => (b.builtIn ? ROLE_SPEC[b.builtIn]! : b.custom!);
type Subject = {
  name: string;
  /** null = unauthenticated */
  kind: "anonymous" | "session" | "token" | "disabled";
  isAdmin?: boolean;
  bindings?: Binding[];
  leads?: boolean;
  token?: { permissions: string[]; env: "A" | null };
};

const SUBJECTS: Subject[] = [
  { name: "administrator", kind: "session", isAdmin: true },
  { name: "environment administrator on A", kind: "session", bindings: [{ builtIn: "environment-administrator", env: "A" }] },
  { name: "operator on A (through a team)", kind: "session", bindings: [{ builtIn: "operator", env: "A" }] },
  { name: "helpdesk on A", kind: "session", bindings: [{ builtIn: "helpdesk", env: "A" }] },
  { name: "read-only on all", kind: "session", bindings: [{ builtIn: "read-only", env: null }] },
  { name: "custom role on A", kind: "session", bindings: [{ custom: CUSTOM_ENV_ROLE, env: "A" }] },
  { name: "custom role on all", kind: "session", bindings: [{ custom: CUSTOM_GLOBAL_ROLE, env: null }] },
  { name: "team leader without roles", kind: "session", leads: true },
  { name: "admin's token scoped to reads and audit", kind: "token", isAdmin: true, token: { permissions: ["environment:read", "container:read", "audit:read"], env: null } },
  {
    name: "operator's token tied to A (asks for more than operator has)",
    kind: "token",
    bindings: [{ builtIn: "operator", env: "A" }],
    token: { permissions: ["container:read", "container:operate", "network:manage"], env: "A" },
  },
  { name: "disabled administrator", kind: "disabled", isAdmin: true },
  { name: "nobody", kind: "anonymous" },
];

function holds(subject: Subject, permission: string, env: "A" | "B" | undefined, teamTarget: boolean): boolean {
  const owner =
    subject.isAdmin === true ||
    (permission === "team:membership" && teamTarget && subject.leads === true) ||
    (subject.bindings ?? []).some(
      (b) => permissionsOfBinding(b).includes(permission) && (b.env === null || (env !== undefined && b.env === env && !GLOBAL_ONLY.includes(permission))),
    );
  if (!subject.token) return owner;
  const scoped =
    subject.token.permissions.includes(permission) &&
    (subject.token.env === null || (env === subject.token.env && !GLOBAL_ONLY.includes(permission)));
  return owner && scoped;
}

function holdsAnywhere(subject: Subject, permission: string): boolean {
  return holds(subject, permission, undefined, false) || holds(subject, permission, "A", false) || holds(subject, permission, "B", false);
}

/** The expected outcome of calling a procedure with `meta` as `subject`, targeting `env`. */
function expectedAllowed(subject: Subject, meta: Meta, env: "A" | "B", input: Record<string, unknown>): boolean {
  const access = meta.access;
  if (access === "public") return true;
  if (subject.kind === "anonymous" || subject.kind === "disabled") return false;
  if (access === "signed-in") return true;
  if (access === "session") return subject.kind === "session";
  const field = meta.environmentIdFrom === undefined ? "environmentId" : meta.environmentIdFrom;
  const targeted = field !== null && input[field] !== undefined;
  if (meta.anyEnvironment && !targeted) return holdsAnywhere(subject, access!);
  return holds(subject, access!, targeted ? env : undefined, meta.teamIdFrom !== undefined);
}

// ---- the real system ------------------------------------------------------------------------------------

const databases = migratedDatabases();
let db: Db;
const environmentIds = { A: "", B: "" };
let leaderTeamId = "";
const contexts = new Map<string, Awaited<ReturnType<typeof contextFor>>>();
const log = createLogger("silent");

async function contextFor(subject: Subject, index: number) {
  const base = { db, log, clientAddress: "127.0.0.9", requestId: `matrix-${index}` };
  if (subject.kind === "anonymous") return { ...base, user: null, via: null, authRefusal: null };
  const user = await db.user.create({
    data: { username: `matrix-${index}`, passwordHash: "x", isAdmin: subject.isAdmin ?? false, disabled: subject.kind === "disabled" },
  });
  for (const [i, binding] of (subject.bindings ?? []).entries()) {
    const role = binding.builtIn
      ? await db.role.findUniqueOrThrow({ where: { id: binding.builtIn } })
      : await db.role.create({ data: { name: `matrix-${index}-${i}`, permissions: JSON.stringify(binding.custom) } });
    const environmentId = binding.env ? environmentIds[binding.env] : null;
    if (subject.name.includes("through a team")) {
      const team = await db.team.create({ data: { name: `matrix-team-${index}`, members: { create: { userId: user.id } } } });
      await db.roleBinding.create({ data: { roleId: role.id, teamId: team.id, environmentId } });
    } else {
      await db.roleBinding.create({ data: { roleId: role.id, userId: user.id, environmentId } });
    }
  }
  if (subject.leads) await db.teamMember.create({ data: { teamId: leaderTeamId, userId: user.id, isLeader: true } });
  if (subject.kind === "token") {
    const token = generateApiToken();
    await db.apiToken.create({
      data: {
        userId: user.id,
        name: "matrix",
        prefix: token.slice(0, 12),
        hash: hashApiToken(token),
        permissions: JSON.stringify(subject.token!.permissions),
        environmentId: subject.token!.env ? environmentIds[subject.token!.env] : null,
      },
    });
    const result = await authenticateToken(db, token);
    if (!result.ok) throw new Error(`token setup failed: ${result.reason}`);
    return { ...base, user: result.user, via: "token" as const, authRefusal: null };
  }
  return { ...base, user: await getPrincipal(db, user.id), via: "session" as const, authRefusal: null };
}

/** A plausible input for any procedure: ids that exist where access depends on them, missing ones otherwise. */
function inputFor(path: string, env: "A" | "B"): Record<string, unknown> {
  const input: Record<string, unknown> = {
    environmentId: environmentIds[env],
    teamId: leaderTeamId,
    userId: "matrix-missing-user",
    roleId: "matrix-missing-role",
    bindingId: "matrix-missing-binding",
    tokenId: "matrix-missing-token",
    containerId: "matrix-missing-container",
  };
  // Queries and mutations whose declared access takes no environment are called without one as well
  // (the list procedures' "any environment" gate is exercised this way).
  if (path.endsWith(".list")) delete input.environmentId;
  if (path === "team.delete") input.teamId = "matrix-missing-team";
  return input;
}

function procedures(): Array<[string, ProcedureDef]> {
  return Object.entries(appRouter._def.procedures as unknown as Record<string, ProcedureDef>);
}

async function call(ctx: unknown, path: string, input: unknown): Promise<{ allowed: boolean; code: string | null }> {
  const caller = createCaller(ctx as never) as unknown as Record<string, Record<string, (input: unknown) => Promise<unknown>>>;
  const [group, name] = path.split(".");
  try {
    await caller[group!]![name!]!(input);
    return { allowed: true, code: null };
  } catch (error) {
    const code = (error as { code?: string }).code ?? "UNKNOWN";
    return { allowed: code !== "UNAUTHORIZED" && code !== "FORBIDDEN", code };
  }
}

beforeAll(async () => {
  db = databases.open(databases.createUrl());
  // Engines that refuse at once: procedures that reach an engine fail after the access check.
  environmentIds.A = (await db.environment.create({ data: { name: "matrix-a", kind: "socket", url: "unix:///nonexistent/matrix-a.sock" } })).id;
  environmentIds.B = (await db.environment.create({ data: { name: "matrix-b", kind: "socket", url: "unix:///nonexistent/matrix-b.sock" } })).id;
  leaderTeamId = (await db.team.create({ data: { name: "matrix-led-team" } })).id;
  for (const [index, subject] of SUBJECTS.entries()) contexts.set(subject.name, await contextFor(subject, index));
});

afterAll(async () => {
  await databases.cleanup();
});

describe("permission matrix", () => {
  it("every procedure declares a known access (a procedure without one fails here)", () => {
    const undeclared = procedures()
      .filter(([, p]) => !isAccess(p._def.meta?.access))
      .map(([path]) => path);
    expect(undeclared).toEqual([]);
    expect(procedures().length).toBeGreaterThan(20);
  });

  const cells = procedures().flatMap(([path, p]) =>
    SUBJECTS.flatMap((subject) => (["A", "B"] as const).map((env) => ({ path, meta: p._def.meta ?? {}, subject, env }))),
  );

  it.each(procedures().map(([path]) => [path]))("%s: every subject gets the declared answer", async (path) => {
    const meta = (appRouter._def.procedures as unknown as Record<string, ProcedureDef>)[path]!._def.meta ?? {};
    const mismatches: string[] = [];
    for (const subject of SUBJECTS) {
      for (const env of ["A", "B"] as const) {
        const input = inputFor(path, env);
        const expected = expectedAllowed(subject, meta, env, input);
        const before = await db.auditLog.count({ where: { action: "access.denied", target: path } });
        const { allowed, code } = await call(contexts.get(subject.name), path, input);
        if (allowed !== expected) mismatches.push(`${subject.name} on ${env}: expected ${expected ? "allowed" : "denied"}, got ${code ?? "ok"}`);
        if (!expected) {
          const wantCode = subject.kind === "anonymous" || subject.kind === "disabled" ? "UNAUTHORIZED" : "FORBIDDEN";
          if (code !== wantCode) mismatches.push(`${subject.name} on ${env}: expected ${wantCode}, got ${code}`);
          const after = await db.auditLog.count({ where: { action: "access.denied", target: path } });
          if (after !== before + 1) mismatches.push(`${subject.name} on ${env}: refusal not audited`);
        }
      }
    }
    expect(mismatches).toEqual([]);
  });

  it("covers every cell", () => {
    expect(cells.length).toBe(procedures().length * SUBJECTS.length * 2);
  });

  it("spot checks of the issue's policy hold (independent of the computed expectation)", () => {
    const operator = SUBJECTS[2]!;
    const helpdesk = SUBJECTS[3]!;
    expect(holds(operator, "container:operate", "A", false)).toBe(true);
    expect(holds(operator, "network:manage", "A", false)).toBe(false);
    expect(holds(operator, "container:operate", "B", false)).toBe(false);
    expect(holds(helpdesk, "container:logs", "A", false)).toBe(true);
    expect(holds(helpdesk, "container:console", "A", false)).toBe(false);
    // a token never exceeds its owner: the operator's token lists network:manage, the operator lacks it
    expect(holds(SUBJECTS[9]!, "network:manage", "A", false)).toBe(false);
  });
});
