/** The AI bot's welcome reply must answer the enter_chat event within 5 s (protocol §5.2). */
const VALID_MS = 4_500;

/**
 * The req_id of each chat's latest enter_chat event over the long connection: the greeting the core
 * queues for it goes back as aibot_respond_welcome_msg with that req_id, once, while it is fresh.
 * (aibot_send_msg cannot reach someone who has only opened the chat and not written yet.)
 */
export class WelcomeTickets {
  private readonly tickets = new Map<string, { reqId: string; expiresAt: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  remember(chatId: string, reqId: string, receivedAt: Date): void {
    this.tickets.set(chatId, { reqId, expiresAt: receivedAt.getTime() + VALID_MS });
    if (this.tickets.size > 10_000) {
      for (const [id, t] of this.tickets) if (t.expiresAt <= this.now()) this.tickets.delete(id);
    }
  }

  /** The req_id to answer with, once; undefined when there is none or it is too old. */
  take(chatId: string): string | undefined {
    const ticket = this.tickets.get(chatId);
    this.tickets.delete(chatId);
    return ticket && ticket.expiresAt > this.now() ? ticket.reqId : undefined;
  }
}
