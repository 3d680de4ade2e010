import { PlatformRefusedError, PlatformRequestError } from "../../../base/errors.js";

interface BotApiErrorShape {
  response?: {
    error_code?: unknown;
    description?: unknown;
    parameters?: { retry_after?: unknown; migrate_to_chat_id?: unknown };
  };
}

/** A send to a group that became a supergroup: Telegram names the new chat (parameters.migrate_to_chat_id). */
export class TelegramChatMovedError extends PlatformRefusedError {
  constructor(
    message: string,
    readonly movedTo: string,
  ) {
    super(message, 400);
  }
}

/**
 * Sorts a failed Bot API call into the core's two kinds (model: grammY GrammyError vs HttpError):
 * 429 → refused, retryable after `retry_after`; other 4xx → refused for good; 5xx and no answer at all →
 * request error (retryable). Nothing is retried here: the core's outbox reschedules.
 * The message never carries the request URL, which holds the bot token.
 */
export function toPlatformError(error: unknown, method: string): PlatformRefusedError | PlatformRequestError {
  const response = (error as BotApiErrorShape | null)?.response;
  const code = typeof response?.error_code === "number" ? response.error_code : undefined;
  if (code === undefined || code >= 500) {
    const why = code === undefined ? "无应答" : `HTTP ${code}`;
    return new PlatformRequestError(`Telegram ${method} 请求失败（${why}）`, { cause: redactToken(error) });
  }
  const description = typeof response?.description === "string" ? response.description : `error ${code}`;
  const movedTo = response?.parameters?.migrate_to_chat_id;
  if (typeof movedTo === "number" || typeof movedTo === "string") {
    return new TelegramChatMovedError(`Telegram ${method} 被拒绝：${description}`, String(movedTo));
  }
  if (code === 429) {
    const seconds = Number(response?.parameters?.retry_after);
    const retryAfterMs = Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
    return new PlatformRefusedError(`Telegram ${method} 被限流：${description}`, code, retryAfterMs, true);
  }
  return new PlatformRefusedError(`Telegram ${method} 被拒绝：${description}`, code);
}

/** A copy of the cause whose message has any `/bot<token>/` path cut out. */
export function redactToken(error: unknown): unknown {
  if (!(error instanceof Error)) return error;
  const copy = new Error(error.message.replace(/bot\d+:[A-Za-z0-9_-]+/g, "bot<redacted>"));
  copy.name = error.name;
  return copy;
}
