// Polling helpers for "wait until the real thing answers".
import { HarnessError } from "./harness-error.js";

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * Calls `probe` every `intervalMs` until it returns a value other than undefined, and returns that value.
 * Throws HarnessError("Timeout") naming `what` after `timeoutMs`, with the last probe error as cause.
 * `abort` is checked each round so a dead server fails fast instead of waiting out the timeout.
 */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  opts: { timeoutMs?: number; intervalMs?: number; abort?: () => string | undefined } = {},
): Promise<T> {
  const deadline = Date.now() + (opts.timeoutMs ?? 20_000);
  let lastError: unknown;
  for (;;) {
    const reason = opts.abort?.();
    if (reason !== undefined) throw new HarnessError("Unavailable", reason, { object: what, cause: lastError });
    try {
      const v = await probe();
      if (v !== undefined) return v;
    } catch (e) {
      lastError = e;
    }
    if (Date.now() > deadline) {
      throw new HarnessError("Timeout", `not ready after ${opts.timeoutMs ?? 20_000} ms`, { object: what, cause: lastError });
    }
    await sleep(opts.intervalMs ?? 50);
  }
}
