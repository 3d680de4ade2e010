/**
 * The few errors the core knows, on one base that keeps the cause. Model: Backstage
 * packages/errors. Their messages are Chinese and go to the user as they are.
 */
export class BotError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}
/** The user wrote something we cannot use; the message says what and how to write it. */
export class InputError extends BotError {}
/** The user's role does not allow this. */
export class ForbiddenError extends BotError {}
export class NotFoundError extends BotError {}
/** The change conflicts with what is on file (a duplicate, a state that moved on). */
export class ConflictError extends BotError {}

/**
 * A chat platform failed. Not a BotError: its text is for the log and the operator, never for the
 * chat (it may name hosts, codes, ids). Model: grammY GrammyError vs HttpError.
 */
class PlatformError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/**
 * A platform answered and refused (error code, and when to try again if it says). `scope` says
 * what the wait applies to: the one chat (Telegram's 429 to a group) or the whole platform (a
 * WeCom app's frequency limit).
 */
export class PlatformRefusedError extends PlatformError {
  constructor(
    message: string,
    readonly code: number | string,
    readonly retryAfterMs?: number,
    readonly retryable = false,
    readonly scope: "chat" | "platform" = "chat",
  ) {
    super(message);
  }
}
/** The request never got an answer (connection refused, timeout, HTTP 5xx). Always retryable. */
export class PlatformRequestError extends PlatformError {}
/** The platform cannot do this at all (e.g. a file on a text-only platform). */
export class UnsupportedError extends PlatformError {}
