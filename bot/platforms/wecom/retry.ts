import { PlatformRefusedError } from "../../../base/errors.js";

/** 45009 frequency limit, 45033 concurrency limit, -1 system busy: worth a short wait. */
const BUSY_CODES = new Set<number | string>([45009, 45033, -1]);
/** Minute-level limits unblock after 60 s (protocol §4.6). */
const RETRY_AFTER_MS: Record<string, number> = { "45009": 60_000, "45033": 2_000, "-1": 2_000 };

export type Sleep = (ms: number) => Promise<void>;
export const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs `call`, retrying a busy answer after each of `delaysMs`; then throws a retryable
 * PlatformRefusedError so the core's outbox reschedules instead of blocking here.
 */
export async function retryBusy<T>(
  call: () => Promise<T>,
  sleep: Sleep,
  delaysMs: readonly number[],
  /** What a limit that outlasts the retries holds back: the robot's chat, or the whole app. */
  scope: "chat" | "platform" = "chat",
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (!(error instanceof PlatformRefusedError) || !BUSY_CODES.has(error.code)) throw error;
      const delay = delaysMs[attempt];
      if (delay === undefined) {
        const limit = error.code === 45009 || error.code === 45033;
        throw new PlatformRefusedError(
          error.message,
          error.code,
          RETRY_AFTER_MS[String(error.code)],
          true,
          limit ? scope : "chat",
        );
      }
      await sleep(delay);
    }
  }
}
