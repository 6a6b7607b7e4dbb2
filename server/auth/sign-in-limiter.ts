// Slows down password guessing. Failures are counted per account AND per client address over a sliding
// window; past a threshold every further attempt is refused for a delay that doubles with each extra
// failure (capped). Per-address thresholds are higher than per-account ones so that a team behind one NAT
// address is not locked out by one person's typos.

export type LimiterPolicy = {
  /** failures older than this are forgotten */
  windowMs: number;
  /** failures allowed within the window before attempts are refused */
  accountThreshold: number;
  addressThreshold: number;
  /** refusal delay after the threshold is reached; doubles with each further failure */
  baseDelayMs: number;
  maxDelayMs: number;
};

export const DEFAULT_LIMITER_POLICY: LimiterPolicy = {
  windowMs: 15 * 60_000,
  accountThreshold: 5,
  addressThreshold: 20,
  baseDelayMs: 30_000,
  maxDelayMs: 15 * 60_000,
};

export type SignInAttempt = { username: string; address: string };
export type LimiterDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

type Bucket = { failures: number[] };

export class SignInLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(private readonly policy: LimiterPolicy = DEFAULT_LIMITER_POLICY) {}

  /** May this attempt proceed at `now`? Call before checking the password. */
  check(attempt: SignInAttempt, now: number): LimiterDecision {
    let wait = 0;
    for (const [key, threshold] of this.keysOf(attempt)) {
      wait = Math.max(wait, this.waitFor(key, threshold, now));
    }
    return wait > 0 ? { allowed: false, retryAfterSeconds: Math.ceil(wait / 1000) } : { allowed: true };
  }

  recordFailure(attempt: SignInAttempt, now: number): void {
    for (const [key] of this.keysOf(attempt)) {
      const bucket = this.buckets.get(key) ?? { failures: [] };
      bucket.failures = this.recent(bucket, now);
      bucket.failures.push(now);
      this.buckets.set(key, bucket);
    }
  }

  /** A successful sign-in clears the account's failures (not the address's). */
  recordSuccess(attempt: SignInAttempt): void {
    this.buckets.delete(accountKey(attempt.username));
  }

  private keysOf(attempt: SignInAttempt): Array<[string, number]> {
    return [
      [accountKey(attempt.username), this.policy.accountThreshold],
      [`address:${attempt.address}`, this.policy.addressThreshold],
    ];
  }

  private recent(bucket: Bucket, now: number): number[] {
    return bucket.failures.filter((t) => now - t < this.policy.windowMs);
  }

  private waitFor(key: string, threshold: number, now: number): number {
    const bucket = this.buckets.get(key);
    if (!bucket) return 0;
    const failures = this.recent(bucket, now);
    if (failures.length < threshold) return 0;
    const extra = failures.length - threshold;
    const delay = Math.min(this.policy.baseDelayMs * 2 ** extra, this.policy.maxDelayMs);
    const last = failures[failures.length - 1] ?? now;
    return Math.max(0, last + delay - now);
  }
}

function accountKey(username: string): string {
  return `account:${username.trim().toLowerCase()}`;
}

export function formatTooManyAttempts(retryAfterSeconds: number): string {
  return `Too many failed sign-ins. Try again in ${retryAfterSeconds} seconds.`;
}

const globalForLimiter = globalThis as unknown as { wharfSignInLimiter?: SignInLimiter };

/** The process-wide limiter (on globalThis: Next may load this module more than once). */
export function getSignInLimiter(): SignInLimiter {
  globalForLimiter.wharfSignInLimiter ??= new SignInLimiter();
  return globalForLimiter.wharfSignInLimiter;
}
