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

  constructor(
    private readonly validMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  remember(chatId: string, value: string, receivedAt: Date): void {
    this.entries.set(chatId, { value, expiresAt: receivedAt.getTime() + this.validMs });
    if (this.entries.size > 10_000) this.prune();
  }

  take(chatId: string): Taken | undefined {
    const entry = this.entries.get(chatId);
    this.entries.delete(chatId);
    return entry && entry.expiresAt > this.now() ? entry : undefined;
  }

  /** Returns one whose use failed before WeCom answered, unless a newer message brought another. */
  putBack(chatId: string, taken: Taken): void {
    if (!this.entries.has(chatId)) this.entries.set(chatId, taken);
  }

  private prune(): void {
    const now = this.now();
    for (const [chatId, entry] of this.entries) if (entry.expiresAt <= now) this.entries.delete(chatId);
  }
}
