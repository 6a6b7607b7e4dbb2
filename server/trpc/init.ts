// tRPC in three parts (create-t3-app style): context, initialisation, procedures.
//
// Access control: every procedure is built with procedureFor(access), which records the access in the
// procedure's meta and runs enforceAccess, the ONE middleware that decides (through can()). A procedure
// built any other way has no meta.access and enforceAccess refuses it (fail closed);
// server/trpc/permissions.test.ts also fails the build for such a procedure.
import "server-only";
import { randomUUID } from "node:crypto";
import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import { ZodError } from "zod";
import { getDb, type Database } from "../db/client";
import { getLogger, type Logger } from "../log";
import { AppError, TRPC_CODE_BY_KIND } from "../errors";
import { can, canAnywhere } from "../auth/can";
import { isAccess, type Access, type Permission } from "../auth/permissions";
import { clientAddressFrom } from "../auth/client-address";
import { bearerTokenFrom } from "../auth/api-token";
import { auth } from "../auth/auth";
import { getPrincipal, type SessionUser } from "../services/auth/get-principal";
import { authenticateToken, TOKEN_REFUSALS } from "../services/tokens/authenticate-token";
import { writeAuditEntry } from "../services/audit/write-audit-entry";
import { runWithAuditRequest } from "../services/audit/audit-context";

// ---- 1. context -------------------------------------------------------------------------------------

export type Context = {
  db: Database;
  user: SessionUser | null;
  log: Logger;
  clientAddress: string;
  requestId: string;
  /** How `user` authenticated; null without a user. */
  via?: "session" | "token" | null;
  /** Why a presented credential was refused (shown with UNAUTHORIZED), e.g. an expired API token. */
  authRefusal?: string | null;
};

/**
 * An `Authorization: Bearer wharf_…` header selects API-token authentication (the session cookie is then
 * ignored); otherwise the next-auth session cookie. A bad token never falls back to the cookie.
 */
export async function createTRPCContext(opts: { headers: Headers }): Promise<Context> {
  const db = getDb();
  const clientAddress = clientAddressFrom(opts.headers);
  const requestId = randomUUID();
  const bearer = bearerTokenFrom(opts.headers);
  let user: SessionUser | null = null;
  let via: Context["via"] = null;
  let authRefusal: string | null = null;
  if (bearer !== null) {
    const result = await authenticateToken(db, bearer);
    if (result.ok) {
      user = result.user;
      via = "token";
    } else {
      authRefusal = TOKEN_REFUSALS[result.reason];
    }
  } else {
    const session = await auth();
    user = await getPrincipal(db, session?.user?.id);
    via = user ? "session" : null;
  }
  const log = getLogger().child({ requestId, userId: user?.id, clientAddress });
  return { db, user, log, clientAddress, requestId, via, authRefusal };
}

// ---- 2. initialisation ------------------------------------------------------------------------------

/**
 * How a procedure's access is checked. `environmentIdFrom` names the input field holding the environment
 * the procedure acts on (can() is then asked about that environment; an input field named "environmentId"
 * is used when nothing is declared; null says the procedure targets no environment, e.g. when its
 * environmentId input is data such as a binding's scope). `anyEnvironment` marks lists across environments: the caller needs the
 * permission on at least one environment and the procedure shows only those (filtering with can()).
 * `teamIdFrom` names the input field holding the team, for "team:membership" (team leaders).
 */
export type AccessOptions = { environmentIdFrom?: string | null; anyEnvironment?: boolean; teamIdFrom?: string };
export type ProcedureMeta = { access?: Access } & AccessOptions;

const t = initTRPC
  .context<Context>()
  .meta<ProcedureMeta>()
  .create({
    transformer: superjson,
    errorFormatter({ shape, error }) {
      const cause = error.cause;
      const fieldErrors =
        cause instanceof AppError
          ? (cause.fieldErrors ?? null)
          : cause instanceof ZodError
            ? (cause.flatten().fieldErrors as Record<string, string[]>)
            : null;
      // Stack traces stay in the server log, never in responses.
      const { stack: _stack, ...data } = shape.data;
      return { ...shape, data: { ...data, fieldErrors } };
    },
  });

export const createTRPCRouter = t.router;
export const createCallerFactory = t.createCallerFactory;

// ---- 3. procedures ----------------------------------------------------------------------------------

/** Maps AppError kinds to tRPC codes (the table in errors.ts) and hides unexpected errors' details. */
const mapErrors = t.middleware(async ({ ctx, next, path }) => {
  const started = performance.now();
  const result = await next();
  const ms = Math.round(performance.now() - started);
  if (result.ok) {
    ctx.log.debug({ path, ms }, "trpc ok");
    return result;
  }
  const cause = result.error.cause;
  if (cause instanceof AppError) {
    ctx.log.info({ path, ms, kind: cause.kind, err: cause.cause }, cause.message);
    throw new TRPCError({ code: TRPC_CODE_BY_KIND[cause.kind], message: cause.message, cause });
  }
  if (result.error.code === "INTERNAL_SERVER_ERROR") {
    ctx.log.error({ path, ms, err: result.error.cause ?? result.error }, "trpc internal error");
    throw new TRPCError({
      code: "INTERNAL_SERVER_ERROR",
      message: `Something went wrong on the server (request ${ctx.requestId}).`,
    });
  }
  ctx.log.info({ path, ms, code: result.error.code }, result.error.message);
  return result;
});

function inputField(raw: unknown, field: string): string | undefined {
  if (!raw || typeof raw !== "object" || !(field in raw)) return undefined;
  const value = (raw as Record<string, unknown>)[field];
  return typeof value === "string" ? value : value === undefined || value === null ? undefined : String(value);
}

/**
 * THE access check. Reads the procedure's declared access; permissions are decided by can(). Every refusal
 * is audited ("access.denied", result "refused", the procedure path as target, the reason as detail).
 */
const enforceAccess = t.middleware(async ({ ctx, meta, next, getRawInput, path }) => {
  const access = meta?.access;
  if (!isAccess(access)) {
    throw new TRPCError({ code: "INTERNAL_SERVER_ERROR", message: "This procedure declares no access." });
  }
  if (access === "public") return next();
  const raw = await getRawInput().catch(() => undefined);
  const environmentField = meta?.environmentIdFrom === undefined ? "environmentId" : meta.environmentIdFrom;
  const environmentId = environmentField === null ? undefined : inputField(raw, environmentField);
  const teamId = meta?.teamIdFrom ? inputField(raw, meta.teamIdFrom) : undefined;
  const refuse = async (code: "UNAUTHORIZED" | "FORBIDDEN", message: string): Promise<never> => {
    await writeAuditEntry(ctx.db, ctx.log, {
      action: "access.denied",
      result: "refused",
      userId: ctx.user?.id ?? null,
      username: ctx.user?.username ?? null,
      target: path,
      environmentId: environmentId ?? null,
      address: ctx.clientAddress,
      detail: message,
      via: ctx.user ? (ctx.via ?? null) : null,
      tokenId: ctx.user?.token?.id ?? null,
    });
    throw new TRPCError({ code, message });
  };
  if (!ctx.user || ctx.user.disabled) {
    return refuse("UNAUTHORIZED", ctx.authRefusal ?? "Sign in to continue.");
  }
  if (access === "session" && ctx.via === "token") {
    return refuse("FORBIDDEN", "This action needs a signed-in session; API tokens cannot do it.");
  }
  if (access !== "signed-in" && access !== "session") {
    const allowed = meta?.anyEnvironment
      ? environmentId === undefined
        ? canAnywhere(ctx.user, access)
        : can(ctx.user, access, environmentId)
      : can(ctx.user, access, { environmentId, teamId });
    if (!allowed) {
      const where = environmentId === undefined ? "" : ` on environment "${await environmentLabel(ctx.db, environmentId)}"`;
      return refuse("FORBIDDEN", `You lack the permission "${access}"${where}.`);
    }
  }
  const result = await runWithAuditRequest({ via: ctx.via ?? "session", tokenId: ctx.user.token?.id ?? null }, () => next());
  // A procedure may refine its check (e.g. container.act's remove needs container:remove); audit those too.
  if (!result.ok && (result.error.code === "FORBIDDEN" || (result.error.cause instanceof AppError && result.error.cause.kind === "Forbidden"))) {
    await writeAuditEntry(ctx.db, ctx.log, {
      action: "access.denied",
      result: "refused",
      userId: ctx.user.id,
      username: ctx.user.username,
      target: path,
      environmentId: environmentId ?? null,
      address: ctx.clientAddress,
      detail: result.error.message,
      via: ctx.via ?? null,
      tokenId: ctx.user.token?.id ?? null,
    });
  }
  return result;
});

async function environmentLabel(db: Database, environmentId: string): Promise<string> {
  const environment = await db.environment.findUnique({ where: { id: environmentId }, select: { name: true } }).catch(() => null);
  return environment?.name ?? environmentId;
}

/** Type-level only: after enforceAccess, a permission-guarded procedure always has a user. */
const withUser = t.middleware(({ ctx, next }) => {
  if (!ctx.user) throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in to continue." });
  return next({ ctx: { user: ctx.user } });
});

const publicBase = t.procedure.meta({ access: "public" }).use(mapErrors).use(enforceAccess);

/**
 * The only way to build a procedure. `procedureFor("public")` needs no session;
 * `procedureFor("environment:read")` needs a signed-in user for whom can(user, permission) holds.
 */
export function procedureFor(access: "public"): typeof publicBase;
export function procedureFor(access: Permission | "signed-in" | "session", options?: AccessOptions): ReturnType<typeof guarded>;
export function procedureFor(access: Access, options: AccessOptions = {}) {
  return access === "public" ? publicBase : guarded(access, options);
}

function guarded(access: Exclude<Access, "public">, options: AccessOptions) {
  return t.procedure.meta({ access, ...options }).use(mapErrors).use(enforceAccess).use(withUser);
}
