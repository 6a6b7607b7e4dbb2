// Resolves a bearer token to its owner's principal with the token's scope attached, or a refusal message.
// The owner's permissions are re-read on every use, so a demoted or disabled owner's tokens shrink at once.
import type { Database } from "../../db/client";
import { hashApiToken, isWellFormedApiToken } from "../../auth/api-token";
import { getPrincipal, type SessionUser } from "../auth/get-principal";
import { parsePermissionList } from "../roles/role-permissions";

export const TOKEN_REFUSALS = {
  malformed: "The API token is malformed. Tokens look like wharf_… (copy the whole value).",
  unknown: "The API token is not valid.",
  revoked: "The API token was revoked.",
  expired: "The API token has expired.",
  ownerDisabled: "The API token's owner is disabled.",
} as const;
export type TokenRefusal = keyof typeof TOKEN_REFUSALS;

export type TokenAuthentication =
  | { ok: true; user: SessionUser; tokenId: string }
  | { ok: false; reason: TokenRefusal; tokenId: string | null };

export async function authenticateToken(db: Database, token: string, now: Date = new Date()): Promise<TokenAuthentication> {
  if (!isWellFormedApiToken(token)) return { ok: false, reason: "malformed", tokenId: null };
  const row = await db.apiToken.findUnique({ where: { hash: hashApiToken(token) } });
  if (!row) return { ok: false, reason: "unknown", tokenId: null };
  if (row.revokedAt) return { ok: false, reason: "revoked", tokenId: row.id };
  if (row.expiresAt && row.expiresAt.getTime() <= now.getTime()) return { ok: false, reason: "expired", tokenId: row.id };
  const owner = await getPrincipal(db, row.userId);
  if (!owner || owner.disabled) return { ok: false, reason: "ownerDisabled", tokenId: row.id };
  await db.apiToken.update({ where: { id: row.id }, data: { lastUsedAt: now } });
  return {
    ok: true,
    tokenId: row.id,
    user: { ...owner, token: { id: row.id, permissions: parsePermissionList(row.permissions), environmentId: row.environmentId } },
  };
}
