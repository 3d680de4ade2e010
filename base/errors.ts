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

/** A platform answered and refused (error code, and when to try again if it says). */
export class PlatformRefusedError extends BotError {
  constructor(
    message: string,
    readonly code: number | string,
    readonly retryAfterMs?: number,
    readonly retryable = false,
  ) {
    super(message);
  }
}
/** The request never got an answer (connection refused, timeout, HTTP 5xx). Always retryable. */
export class PlatformRequestError extends BotError {}
/** The platform cannot do this at all (e.g. a file on a text-only platform). */
export class UnsupportedError extends BotError {}
