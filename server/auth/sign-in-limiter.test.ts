import { describe, expect, it } from "vitest";
import { DEFAULT_LIMITER_POLICY, SignInLimiter, formatTooManyAttempts } from "./sign-in-limiter";

const minute = 60_000;
const alice = { username: "alice", address: "10.0.0.1" };

function fail(limiter: SignInLimiter, attempt: { username: string; address: string }, times: number, now: number) {
  for (let i = 0; i < times; i++) limiter.recordFailure(attempt, now);
}

describe("SignInLimiter", () => {
  it("allows the first five failures for an account, then refuses for 30 s", () => {
    const limiter = new SignInLimiter();
    fail(limiter, alice, 4, 0);
    expect(limiter.check(alice, 0)).toEqual({ allowed: true });
    fail(limiter, alice, 1, 0);
    expect(limiter.check(alice, 0)).toEqual({ allowed: false, retryAfterSeconds: 30 });
    expect(limiter.check(alice, 29_000)).toEqual({ allowed: false, retryAfterSeconds: 1 });
    expect(limiter.check(alice, 30_000)).toEqual({ allowed: true });
  });

  it("doubles the delay with each further failure, up to the cap", () => {
    const limiter = new SignInLimiter();
    fail(limiter, alice, 6, 0);
    expect(limiter.check(alice, 0)).toEqual({ allowed: false, retryAfterSeconds: 60 });
    fail(limiter, alice, 1, 0);
    expect(limiter.check(alice, 0)).toEqual({ allowed: false, retryAfterSeconds: 120 });
    fail(limiter, alice, 10, 0);
    expect(limiter.check(alice, 0)).toEqual({
      allowed: false,
      retryAfterSeconds: DEFAULT_LIMITER_POLICY.maxDelayMs / 1000,
    });
  });

  it("limits the account whatever address the attempts come from, and ignores case", () => {
    const limiter = new SignInLimiter();
    for (let i = 0; i < 5; i++) limiter.recordFailure({ username: "Alice", address: `10.0.0.${i}` }, 0);
    expect(limiter.check({ username: "alice", address: "192.168.1.1" }, 0).allowed).toBe(false);
    expect(limiter.check({ username: "bob", address: "192.168.1.1" }, 0).allowed).toBe(true);
  });

  it("limits one address guessing many accounts after 20 failures", () => {
    const limiter = new SignInLimiter();
    for (let i = 0; i < 20; i++) limiter.recordFailure({ username: `user${i}`, address: "10.9.9.9" }, 0);
    expect(limiter.check({ username: "fresh-user", address: "10.9.9.9" }, 0).allowed).toBe(false);
    expect(limiter.check({ username: "fresh-user", address: "10.9.9.8" }, 0).allowed).toBe(true);
  });

  it("forgets failures older than the 15 minute window", () => {
    const limiter = new SignInLimiter();
    fail(limiter, alice, 4, 0);
    fail(limiter, alice, 1, 15 * minute);
    expect(limiter.check(alice, 15 * minute)).toEqual({ allowed: true });
  });

  it("clears an account's failures on success, but not its address's", () => {
    const limiter = new SignInLimiter({ ...DEFAULT_LIMITER_POLICY, addressThreshold: 5 });
    fail(limiter, alice, 4, 0);
    limiter.recordSuccess(alice);
    fail(limiter, alice, 1, 0);
    expect(limiter.check({ username: "alice", address: "10.0.0.2" }, 0)).toEqual({ allowed: true });
    expect(limiter.check({ username: "carol", address: "10.0.0.1" }, 0).allowed).toBe(false);
  });

  it("words the refusal for users", () => {
    expect(formatTooManyAttempts(30)).toBe("Too many failed sign-ins. Try again in 30 seconds.");
  });
});
