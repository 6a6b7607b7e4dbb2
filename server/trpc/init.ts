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
import { can } from "../auth/can";
import { isAccess, type Access, type Permission } from "../auth/permissions";
import { clientAddressFrom } from "../auth/client-address";
import { auth } from "../auth/auth";
import { getPrincipal, type SessionUser } from "../services/auth/get-principal";

// ---- 1. context -------------------------------------------------------------------------------------

export type Context = {
  db: Database;
  user: SessionUser | null;
  log: Logger;
  clientAddress: string;
  requestId: string;
};

export async function createTRPCContext(opts: { headers: Headers }): Promise<Context> {
  const db = getDb();
  const session = await auth();
  const user = await getPrincipal(db, session?.user?.id);
  const clientAddress = clientAddressFrom(opts.headers);
  const requestId = randomUUID();
  const log = getLogger().child({ requestId, userId: user?.id, clientAddress });
  return { db, user, log, clientAddress, requestId };
}

// ---- 2. initialisation ------------------------------------------------------------------------------

export type ProcedureMeta = { access?: Access };

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

/** THE access check. Reads the procedure's declared access; permissions are decided by can(). */
const enforceAccess = t.middleware(async ({ ctx, meta, next, getRawInput }) => {
  const access = meta?.access;
  if (!isAccess(access)) {
    throw new TRPCError({ code: "INTERNAL_SERVER_ERROR", message: "This procedure declares no access." });
  }
  if (access === "public") return next();
  if (!ctx.user || ctx.user.disabled) {
    throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in to continue." });
  }
  const raw = await getRawInput().catch(() => undefined);
  const environmentId =
    raw && typeof raw === "object" && "environmentId" in raw ? String((raw as { environmentId: unknown }).environmentId) : undefined;
  if (!can(ctx.user, access, environmentId)) {
    throw new TRPCError({ code: "FORBIDDEN", message: `You lack the permission "${access}".` });
  }
  return next();
});

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
export function procedureFor(access: Permission): ReturnType<typeof guarded>;
export function procedureFor(access: Access) {
  return access === "public" ? publicBase : guarded(access);
}

function guarded(permission: Permission) {
  return t.procedure.meta({ access: permission }).use(mapErrors).use(enforceAccess).use(withUser);
}
