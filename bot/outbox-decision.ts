import { PlatformRefusedError, PlatformRequestError, UnsupportedError } from "../base/errors.js";
import { MissingOutboxFileError } from "../storage/outbox-files.js";

export interface RetryPolicy {
  /** The first retry waits 1 s, then doubles up to this (default 5 minutes). */
  backoffCapMs: number;
  /** A message still undelivered this long after it was queued is given up (default 3 days). */
  maxAgeMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { backoffCapMs: 5 * 60_000, maxAgeMs: 3 * 24 * 3600_000 };

/** Retry delay after n failed attempts: 1 s, 2 s, 4 s … up to the cap. */
export function backoffMs(attempts: number, capMs = DEFAULT_RETRY_POLICY.backoffCapMs): number {
  return Math.min(1000 * 2 ** Math.min(attempts, 30), capMs);
}

/** What the outbox does with a message whose send failed. */
export type SendDecision =
  /** Try again at `at`; `counted` when it was an attempt that failed (not a wait we were asked for). */
  | { action: "retry"; at: number; counted: boolean; pausePlatformUntil?: number }
  /** Never deliverable, or past its maximum age: given up, and the operator is told. */
  | { action: "give-up"; reason: string };

/**
 * One decision, one place: how the outbox answers a failed send.
 * - The platform asked us to wait (429 retry_after, WeCom 45009): wait that long, not counted; the
 *   wait applies to the whole platform where the error says so.
 * - It did not answer, or answered "busy": back off 1 s, 2 s, 4 s … up to the cap.
 * - It refused for good (chat not found, bot blocked), cannot do it at all, or the bytes are gone:
 *   give up at once.
 * - Anything retryable older than the maximum age: give up.
 * An unexpected error (a bug, a database hiccup while marking) is retried like an outage: better
 * late than lost.
 *
 * @example
 *   decideAfterFailure(new PlatformRequestError("ECONNREFUSED"), { attempts: 2, createdAt }, now)
 *   // → { action: "retry", at: now + 4000, counted: true }
 */
export function decideAfterFailure(
  error: unknown,
  item: { attempts: number; createdAt: number },
  now: number,
  policy: RetryPolicy = DEFAULT_RETRY_POLICY,
): SendDecision {
  const reason = describeError(error);
  if (error instanceof MissingOutboxFileError || error instanceof UnsupportedError) {
    return { action: "give-up", reason };
  }
  if (error instanceof PlatformRefusedError && !error.retryable && error.retryAfterMs === undefined) {
    return { action: "give-up", reason };
  }
  if (now - item.createdAt >= policy.maxAgeMs) {
    return {
      action: "give-up",
      reason: `${reason}（排队超过 ${Math.round(policy.maxAgeMs / 3600_000)} 小时）`,
    };
  }
  if (error instanceof PlatformRefusedError && error.retryAfterMs !== undefined) {
    const at = now + error.retryAfterMs;
    return {
      action: "retry",
      at,
      counted: false,
      ...(error.scope === "platform" ? { pausePlatformUntil: at } : {}),
    };
  }
  return { action: "retry", at: now + backoffMs(item.attempts, policy.backoffCapMs), counted: true };
}

export function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}

/** True for errors a platform raises (the outbox logs them as delays, not as bugs). */
export function isPlatformFailure(error: unknown): boolean {
  return error instanceof PlatformRefusedError || error instanceof PlatformRequestError;
}
