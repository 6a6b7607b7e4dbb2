// Authenticates a websocket upgrade by its next-auth session cookie (the same JWT the web app uses):
// decrypts it with AUTH_SECRET, then re-reads the user so a disabled or deleted user is refused.
import type { IncomingMessage } from "node:http";
import { decode } from "next-auth/jwt";
import type { Database } from "../db/client";
import { getPrincipal, type SessionUser } from "../services/auth/get-principal";

/** next-auth's session cookie names (http and https). */
export const SESSION_COOKIE_NAMES = ["authjs.session-token", "__Secure-authjs.session-token"] as const;

export function parseCookies(header: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of (header ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    try {
      out.set(name, decodeURIComponent(value));
    } catch {
      out.set(name, value);
    }
  }
  return out;
}

export async function authenticateUpgrade(
  req: IncomingMessage,
  db: Database,
  secret: string,
): Promise<SessionUser | null> {
  const cookies = parseCookies(req.headers.cookie);
  for (const name of SESSION_COOKIE_NAMES) {
    const token = cookies.get(name);
    if (!token) continue;
    try {
      const payload = await decode({ token, secret, salt: name });
      const user = await getPrincipal(db, typeof payload?.sub === "string" ? payload.sub : null);
      if (user && !user.disabled) return user;
    } catch {
      // undecryptable or expired: try the next name, then refuse
    }
  }
  return null;
}
