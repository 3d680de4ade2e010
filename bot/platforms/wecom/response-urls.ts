/** AI bot response_url: usable once, valid 1 hour (protocol §5.1). */
const VALID_MS = 60 * 60_000;

export interface Taken {
  url: string;
  expiresAt: number;
}

/**
 * The reply URL of each AI bot chat's latest message. `take` hands it out once; after that, or after
 * an hour, a reply needs a group robot webhook.
 */
export class ResponseUrls {
  private readonly urls = new Map<string, { url: string; expiresAt: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  remember(chatId: string, url: string, receivedAt: Date): void {
    this.urls.set(chatId, { url, expiresAt: receivedAt.getTime() + VALID_MS });
    if (this.urls.size > 10_000) this.prune();
  }

  take(chatId: string): Taken | undefined {
    const entry = this.urls.get(chatId);
    this.urls.delete(chatId);
    return entry && entry.expiresAt > this.now() ? entry : undefined;
  }

  /** Returns a URL whose use failed before WeCom answered, unless a newer message brought another. */
  putBack(chatId: string, taken: Taken): void {
    if (!this.urls.has(chatId)) this.urls.set(chatId, taken);
  }

  private prune(): void {
    const now = this.now();
    for (const [chatId, entry] of this.urls) if (entry.expiresAt <= now) this.urls.delete(chatId);
  }
}
