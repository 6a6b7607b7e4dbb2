// API token format: "wharf_" + 43 base64url characters (32 random bytes, 256 bits). Only the hex sha256 of
// the whole token is stored: with that much entropy a fast hash is enough (no dictionary to guess from).
import { createHash, randomBytes } from "node:crypto";

export const API_TOKEN_PREFIX = "wharf_";
const TOKEN_PATTERN = /^wharf_[A-Za-z0-9_-]{43}$/;
/** How many leading characters are kept in clear to recognise a token in a list. */
export const API_TOKEN_VISIBLE_CHARS = 12;

export function generateApiToken(): string {
  return API_TOKEN_PREFIX + randomBytes(32).toString("base64url");
}

export function hashApiToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

export function isWellFormedApiToken(token: string): boolean {
  return TOKEN_PATTERN.test(token);
}

/** The token from an `Authorization: Bearer <token>` header, "" for a bearer header without one, null if absent. */
export function bearerTokenFrom(headers: Headers): string | null {
  const header = headers.get("authorization");
  if (header === null) return null;
  const match = /^Bearer\s+(\S*)\s*$/i.exec(header);
  return match?.[1] ?? "";
}
