import type { OutboundMessage, OutboundTarget } from "../../base/message.js";
import { type Platform, type SendProgress, sendParts } from "../../bot/platform.js";

/** What one call to the platform does: deliver, fail with an error, or hang until released. */
export type Outcome = "ok" | Error | { hang: Promise<void> };

/**
 * A chat platform whose answers a test scripts, call by call and chat by chat (a text with "|"
 * goes out as parts, one call each, as a long reply does). Every delivered part is recorded with
 * the clock's time; nothing is ever delivered twice unless the outbox asks twice.
 */
export function createScriptedPlatform(name = "scripted", now: () => Date = () => new Date()) {
  const scripts = new Map<string, Outcome[]>();
  const delivered: { chat: string; text: string; at: Date }[] = [];
  const waiters: { chat: string; count: number; resolve: () => void }[] = [];
  let all: Outcome[] = [];
  const chatOf = (t: OutboundTarget) => t.chatId ?? `@${t.userId}`;

  const platform: Platform = {
    name,
    capabilities: { markdown: false, image: true, file: true, mention: false, maxTextBytes: 4096 },
    sendConcurrency: 4,
    async start() {},
    async stop() {},
    status: () => ({ connected: true, since: new Date(0) }),
    async send(target: OutboundTarget, message: OutboundMessage, progress?: SendProgress) {
      const chat = chatOf(target);
      const text =
        message.kind === "text" || message.kind === "markdown" ? message.text : `[${message.kind}]`;
      await sendParts(text.split("|"), progress, async (part) => {
        const outcome = scripts.get(chat)?.shift() ?? all.shift() ?? "ok";
        if (outcome instanceof Error) throw outcome;
        if (outcome !== "ok") await outcome.hang;
        delivered.push({ chat, text: part, at: now() });
        for (const w of waiters.filter((w) => w.chat === chat)) {
          if (delivered.filter((d) => d.chat === chat).length >= w.count) w.resolve();
        }
      });
    },
  };

  return {
    platform,
    delivered,
    /** The next calls to `chat` (or to any chat, for "*") have these outcomes, in order. */
    script(chat: string, ...outcomes: Outcome[]) {
      if (chat === "*") all = [...all, ...outcomes];
      else scripts.set(chat, [...(scripts.get(chat) ?? []), ...outcomes]);
    },
    textsIn: (chat: string) => delivered.filter((d) => d.chat === chat).map((d) => d.text),
    /** Resolves once `count` parts have reached `chat`. */
    deliveredTo(chat: string, count: number): Promise<void> {
      if (delivered.filter((d) => d.chat === chat).length >= count) return Promise.resolve();
      return new Promise((resolve) => waiters.push({ chat, count, resolve }));
    },
  };
}

/** A promise a test resolves when it wants: a hanging call it lets go of. */
export function gate(): { hang: Promise<void>; open: () => void } {
  let open = () => {};
  const hang = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { hang, open };
}
