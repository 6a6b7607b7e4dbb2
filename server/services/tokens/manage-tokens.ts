// A user's own API tokens: list (never the secret), create (the secret is returned once) and revoke.
// A new token's scope must be within what its owner holds now (on its environment, or anywhere); can()
// checks the owner again at every use, so a token never outgrows its owner.
import { z } from "zod";
import { isUniqueViolation } from "../../db/client";
import { AppError } from "../../errors";
import { can, canAnywhere } from "../../auth/can";
import { isEnvironmentPermission, PERMISSIONS, type Permission } from "../../auth/permissions";
import { API_TOKEN_VISIBLE_CHARS, generateApiToken, hashApiToken } from "../../auth/api-token";
import { fieldErrorsOf } from "../setup/admin-credentials-schema";
import { nameSchema } from "../teams/team-schemas";
import { parsePermissionList } from "../roles/role-permissions";
import { auditChange, type Actor } from "../audit/actor";

export type TokenView = {
  id: string;
  name: string;
  prefix: string;
  permissions: Permission[];
  environmentId: string | null;
  expiresAt: Date | null;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
  createdAt: Date;
};

export const createTokenSchema = z.object({
  name: nameSchema,
  permissions: z.array(z.enum(PERMISSIONS, { message: "Unknown permission" })).min(1, "Choose at least one permission"),
  environmentId: z.string().min(1).nullish(),
  /** Whole days from now; omitted = never expires. */
  expiresInDays: z.number().int().min(1, "At least 1 day").max(3650, "At most 3650 days").nullish(),
});
export type CreateTokenInput = z.input<typeof createTokenSchema>;

export async function listOwnTokens(actor: Actor): Promise<TokenView[]> {
  const rows = await actor.db.apiToken.findMany({
    where: { userId: actor.user.id },
    orderBy: { createdAt: "desc" },
    select: { id: true, name: true, prefix: true, permissions: true, environmentId: true, expiresAt: true, revokedAt: true, lastUsedAt: true, createdAt: true },
  });
  return rows.map((row) => ({ ...row, permissions: parsePermissionList(row.permissions) }));
}

export async function createOwnToken(actor: Actor, input: CreateTokenInput, now: Date = new Date()): Promise<{ id: string; token: string; expiresAt: Date | null }> {
  const parsed = createTokenSchema.safeParse(input);
  if (!parsed.success) {
    throw new AppError("InvalidArgument", "Check the highlighted fields.", { fieldErrors: fieldErrorsOf(parsed.error) });
  }
  const { name, environmentId, expiresInDays } = parsed.data;
  const permissions = PERMISSIONS.filter((p) => parsed.data.permissions.includes(p));
  return auditChange(actor, { action: "token.create", target: `token:${name}`, environmentId: environmentId ?? null, detail: permissions.join(",") }, async () => {
    const wider = permissions.filter((p) =>
      environmentId ? !isEnvironmentPermission(p) || !can(actor.user, p, environmentId) : !(can(actor.user, p) || canAnywhere(actor.user, p)),
    );
    if (wider.length > 0) {
      throw new AppError("Forbidden", `A token cannot have permissions you do not hold: ${wider.join(", ")}.`, {
        fieldErrors: { permissions: [`Not yours to give: ${wider.join(", ")}`] },
      });
    }
    const token = generateApiToken();
    const expiresAt = expiresInDays ? new Date(now.getTime() + expiresInDays * 86_400_000) : null;
    try {
      const row = await actor.db.apiToken.create({
        data: {
          userId: actor.user.id,
          name,
          prefix: token.slice(0, API_TOKEN_VISIBLE_CHARS),
          hash: hashApiToken(token),
          permissions: JSON.stringify(permissions),
          environmentId: environmentId ?? null,
          expiresAt,
        },
        select: { id: true },
      });
      return { id: row.id, token, expiresAt };
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new AppError("AlreadyExists", `You already have a token named "${name}". Choose another name.`, {
          cause: error,
          fieldErrors: { name: ["This name is taken"] },
        });
      }
      throw error;
    }
  });
}

export async function revokeOwnToken(actor: Actor, input: { tokenId: string }, now: Date = new Date()): Promise<void> {
  const row = await actor.db.apiToken.findFirst({ where: { id: input.tokenId, userId: actor.user.id }, select: { id: true, name: true, revokedAt: true } });
  if (!row) throw new AppError("NotFound", `You have no token with id "${input.tokenId}".`);
  await auditChange(actor, { action: "token.revoke", target: `token:${row.name}` }, async () => {
    if (row.revokedAt) throw new AppError("Conflict", `The token "${row.name}" is already revoked.`);
    await actor.db.apiToken.update({ where: { id: row.id }, data: { revokedAt: now } });
  });
}
