import type { Logger } from "pino";
import type { Clock } from "../base/clock.js";
import type { OutboundMessage, OutboundTarget } from "../base/message.js";
import type { Role } from "../domain/enums.js";
import type { Chat } from "../storage/chats-repo.js";
import type { StoredInbound } from "../storage/inbound-repo.js";
import type { Person } from "../storage/persons-repo.js";
import type { PhotoStore } from "../storage/photo-store.js";
import type { Repos } from "../storage/repos.js";
import type { Town } from "../storage/towns-repo.js";

export interface BotSettings {
  campaignYear: number;
  /** Shown in 帮助 and the replies: what the bot calls itself. */
  botName: string;
}

/**
 * One message's context. Model: grammY's Context. Everything a command touches goes through
 * `repos`, bound to the message's transaction; replies are queued in the outbox on commit.
 */
export interface BotContext {
  message: StoredInbound;
  /** The text with a leading @mention of the bot removed. */
  text: string;
  chat: Chat;
  /** The town the chat is bound to, if any. */
  chatTown: Town | undefined;
  person: Person | undefined;
  repos: Repos;
  photos: PhotoStore;
  clock: Clock;
  settings: BotSettings;
  log: Logger;
  /** The chat key drafts are kept under: platform + chat. */
  chatKey: string;
  reply(text: string): void;
  replyWith(message: OutboundMessage): void;
  /** Queue a message elsewhere (another chat or a person), sent with this message's commit. */
  send(target: OutboundTarget, message: OutboundMessage): void;
}

/** The person, known to have a role (after the identity check). */
export type KnownContext = BotContext & { person: Person };

export function hasRole(ctx: BotContext, roles: readonly Role[]): ctx is KnownContext {
  return ctx.person !== undefined && roles.includes(ctx.person.role);
}
