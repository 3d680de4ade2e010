import type { Logger } from "pino";
import type { Clock } from "../../base/clock.js";
import type { OutboundMessage, OutboundTarget } from "../../base/message.js";
import type { SupervisionPolicy } from "../../domain/supervision-policy.js";
import type { Db } from "../../storage/db.js";
import type { createRepos } from "../../storage/repos.js";

/** What one supervision run needs. */
export interface RunnerDeps {
  db: Db;
  clock: Clock;
  policy?: SupervisionPolicy;
  log?: Logger;
}

/** A message a run queued in the outbox, returned so tests and 立即推送 can show it. */
export interface QueuedMessage {
  target: OutboundTarget;
  message: OutboundMessage;
}

/** Queues one text to each target under a key per target (a second run with the same key adds nothing). */
export async function enqueueText(
  core: ReturnType<typeof createRepos>,
  targets: OutboundTarget[],
  text: string,
  key: string,
  now: string,
): Promise<QueuedMessage[]> {
  const out: QueuedMessage[] = [];
  for (const [n, target] of targets.entries()) {
    const message: OutboundMessage = { kind: "text", text };
    await core.outbox.enqueue(`${key}:${n}`, target, message, now);
    out.push({ target, message });
  }
  return out;
}
