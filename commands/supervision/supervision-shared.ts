import type { OutboundTarget } from "../../base/message.js";
import { createSupervisionRepos } from "../../storage/supervision-repos.js";
import type { KnownContext } from "../context.js";

/** The supervision repositories inside this message's transaction. */
export const supervision = (ctx: KnownContext) => createSupervisionRepos(ctx.repos.db);

/** Queues one text to several places with this message's commit; the chat it came from gets the reply instead. */
export function sendText(ctx: KnownContext, targets: readonly OutboundTarget[], text: string): void {
  for (const target of targets) {
    const here = target.platform === ctx.message.platform && target.chatId === ctx.message.chatExternalId;
    if (!here) ctx.send(target, { kind: "text", text });
  }
}
