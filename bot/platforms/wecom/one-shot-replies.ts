/** A one-shot reply handed out: its value (a URL, a req_id) and until when it may be used. */
export interface Taken {
  value: string;
  expiresAt: number;
}

/**
 * Per chat, the latest one-shot way back that WeCom handed the bot with a message: an AI bot
 * response_url (valid 1 hour, protocol §5.1) or an enter_chat event's req_id over the long
 * connection (the welcome reply must follow within 5 s, §5.2). `take` hands it out once while fresh.
 */
export class OneShotReplies {
  private readonly entries = new Map<string, Taken>();
  /** Values handed out, until they would have expired: a redelivered callback cannot bring one back. */
  private readonly used = new Map<string, number>();

  constructor(
    private readonly validMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  remember(chatId: string, value: string, receivedAt: Date): void {
    if (this.used.has(value)) return;
    this.entries.set(chatId, { value, expiresAt: receivedAt.getTime() + this.validMs });
    if (this.entries.size > 10_000) this.prune();
  }

  take(chatId: string): Taken | undefined {
    const entry = this.entries.get(chatId);
    this.entries.delete(chatId);
    if (!entry || entry.expiresAt <= this.now()) return undefined;
    this.used.set(entry.value, entry.expiresAt);
    if (this.used.size > 10_000) this.prune();
    return entry;
  }

  /** Returns one whose use failed before WeCom answered, unless a newer message brought another. */
  putBack(chatId: string, taken: Taken): void {
    this.used.delete(taken.value);
    if (!this.entries.has(chatId)) this.entries.set(chatId, taken);
  }

  private prune(): void {
    const now = this.now();
    for (const [chatId, entry] of this.entries) if (entry.expiresAt <= now) this.entries.delete(chatId);
    for (const [value, expiresAt] of this.used) if (expiresAt <= now) this.used.delete(value);
  }
}
