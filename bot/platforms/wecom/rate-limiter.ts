import { PlatformRefusedError } from "../../../base/errors.js";

export interface RateLimiterOptions {
  /** Messages allowed per window and key; a group robot takes 20 a minute. */
  limit: number;
  windowMs: number;
  now?: () => number;
}

/**
 * A sliding-window limiter per key (a robot). It never sleeps: when the window is full it throws a
 * retryable PlatformRefusedError carrying retryAfterMs, and the core's outbox reschedules.
 */
export class RateLimiter {
  private readonly sent = new Map<string, number[]>();

  constructor(private readonly options: RateLimiterOptions) {}

  /** Reserves `count` sends at once, so a split message goes out whole or not at all. */
  reserve(key: string, count = 1): void {
    const { limit, windowMs } = this.options;
    if (count > limit) {
      throw new PlatformRefusedError(
        `消息过长：需要 ${count} 条，群机器人每分钟最多 ${limit} 条`,
        "too_many_parts",
      );
    }
    const now = (this.options.now ?? Date.now)();
    const times = (this.sent.get(key) ?? []).filter((t) => t > now - windowMs);
    if (times.length + count > limit) {
      // The window frees a slot when its oldest send ages out; we need `count` of them.
      const freeAt = (times[times.length + count - limit - 1] ?? now) + windowMs;
      this.sent.set(key, times);
      throw new PlatformRefusedError(
        `群机器人发送太频繁（每分钟最多 ${limit} 条），稍后重发`,
        45009,
        Math.max(freeAt - now, 1),
        true,
      );
    }
    for (let i = 0; i < count; i++) times.push(now);
    this.sent.set(key, times);
  }
}
