// Checks a username/password sign-in attempt: rate limit first (per account and per client address), then
// the argon2id hash. Every outcome is audited. Returns the user, or throws AppError (Unauthorized with one
// message for every bad-credential case, or TooManyRequests with the wait in seconds).
import type { Database } from "../../db/client";
import type { Logger } from "../../log";
import { AppError } from "../../errors";
import { verifyAgainstDummy, verifyPassword } from "../../auth/password";
import { formatTooManyAttempts, type SignInLimiter } from "../../auth/sign-in-limiter";
import { writeAuditEntry } from "../audit/write-audit-entry";

export const INVALID_CREDENTIALS = "Invalid username or password.";

export type SignInInput = { username: string; password: string; address: string };
export type SignedInUser = { id: string; username: string; isAdmin: boolean };

export async function verifySignIn(
  db: Database,
  log: Logger,
  limiter: SignInLimiter,
  input: SignInInput,
  now: number = Date.now(),
): Promise<SignedInUser> {
  const username = input.username.trim();
  const attempt = { username, address: input.address };
  const decision = limiter.check(attempt, now);
  if (!decision.allowed) {
    await writeAuditEntry(db, log, {
      action: "auth.sign-in",
      result: "refused",
      username,
      address: input.address,
      detail: `rate limited for ${decision.retryAfterSeconds} s`,
    });
    throw new AppError("TooManyRequests", formatTooManyAttempts(decision.retryAfterSeconds));
  }

  const user = username ? await db.user.findUnique({ where: { username } }) : null;
  const ok = user ? await verifyPassword(user.passwordHash, input.password) : await verifyAgainstDummy(input.password);
  if (!user || !ok || user.disabled) {
    limiter.recordFailure(attempt, now);
    await writeAuditEntry(db, log, {
      action: "auth.sign-in",
      result: "failure",
      userId: user?.id ?? null,
      username,
      address: input.address,
      detail: !user ? "unknown user" : user.disabled && ok ? "account disabled" : "wrong password",
    });
    log.warn({ username, clientAddress: input.address }, "failed sign-in");
    throw new AppError("Unauthorized", INVALID_CREDENTIALS);
  }

  limiter.recordSuccess(attempt);
  await db.user.update({ where: { id: user.id }, data: { lastLoginAt: new Date(now) } });
  await writeAuditEntry(db, log, {
    action: "auth.sign-in",
    result: "success",
    userId: user.id,
    username: user.username,
    address: input.address,
  });
  log.info({ userId: user.id, username: user.username, clientAddress: input.address }, "signed in");
  return { id: user.id, username: user.username, isAdmin: user.isAdmin };
}
