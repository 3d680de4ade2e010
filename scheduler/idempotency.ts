import { createHash } from "node:crypto";
import type { OutboundTarget } from "../base/message.js";
import type { OutgoingMessage, ScheduledMessage } from "./job.js";
import type { Period } from "./periods.js";

const MAX_KEY = 200; // outbox.idempotency_key

function targetKey(t: OutboundTarget): string {
  return `${t.platform}/${t.chatId ?? ""}/${t.userId ?? ""}`;
}

/**
 * Keys each message by period, target and its order among that target's messages, so a re-run
 * after a crash (same period, same targets) yields the same keys and the outbox drops repeats.
 */
export function withIdempotencyKeys(period: Period, messages: ScheduledMessage[]): OutgoingMessage[] {
  const seen = new Map<string, number>();
  return messages.map((m) => {
    const target = targetKey(m.target);
    const n = (seen.get(target) ?? 0) + 1;
    seen.set(target, n);
    let key = `${period.key}:${target}:${n}`;
    if (key.length > MAX_KEY) {
      key = `${period.key}:${createHash("sha256").update(`${target}:${n}`).digest("hex").slice(0, 40)}`;
    }
    return { ...m, idempotencyKey: key };
  });
}
