import type { Logger } from "pino";
import type { InboundMessage } from "../base/message.js";
import { backoffMs } from "./outbox-decision.js";
import type { Platform } from "./platform.js";

/**
 * Starts a platform; when it cannot start (Telegram unreachable from where the bot runs, WeCom's
 * long connection refused), tries again in the background with backoff while the other platforms
 * run. Its queued replies wait in the outbox meanwhile.
 *
 * @example
 *   const starter = startInBackground(telegram, receive, log);
 *   await starter.firstTry; // resolves either way
 *   await starter.cancel();
 */
export function startInBackground(
  platform: Platform,
  receive: (m: InboundMessage) => Promise<void>,
  log: Logger,
  options: { capMs?: number } = {},
) {
  let timer: NodeJS.Timeout | undefined;
  let cancelled = false;
  let started = false;
  let attempts = 0;

  async function attempt(): Promise<void> {
    if (cancelled) return;
    try {
      await platform.start(receive);
      started = true;
      if (attempts > 0) log.info({ platform: platform.name, attempts }, "platform started after retrying");
    } catch (error) {
      const delay = backoffMs(attempts++, options.capMs ?? 5 * 60_000);
      log.error(
        { platform: platform.name, err: error, retryInMs: delay },
        "platform could not start; retrying in the background",
      );
      // A half-started platform (a server listening, a socket open) is stopped before the next try.
      await platform.stop().catch(() => undefined);
      if (!cancelled) timer = setTimeout(() => void attempt(), delay);
    }
  }

  return {
    firstTry: attempt(),
    get started() {
      return started;
    },
    cancel() {
      cancelled = true;
      clearTimeout(timer);
    },
  };
}
