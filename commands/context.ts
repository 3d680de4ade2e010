import type { Logger } from "pino";
import { type Clock, today } from "../base/clock.js";
import type { OutboundMessage, OutboundTarget } from "../base/message.js";
import type { Role } from "../domain/enums.js";
import type { ProofPolicy } from "../domain/photo-proof.js";
import type { FileJobKindName } from "../scheduler/file-jobs/file-job-kinds.js";
import type { FileJobArgs } from "../scheduler/file-jobs/file-job-types.js";
import type { ScheduleConfig } from "../scheduler/schedule-config.js";
import type { Chat } from "../storage/chats-repo.js";
import type { StoredInbound } from "../storage/inbound-repo.js";
import type { Person } from "../storage/persons-repo.js";
import type { PhotoStore } from "../storage/photo-store.js";
import type { Repos } from "../storage/repos.js";
import type { Town } from "../storage/towns-repo.js";

export interface BotSettings {
  /** The year a date without one (3月31日) is read in. */
  readonly campaignYear: number;
  /** Shown in 帮助 and the replies: what the bot calls itself. */
  readonly botName: string;
  /** What a photo must be to prove a case finished (PHOTO_MAX_DISTANCE_M); the seed's defaults when unset. */
  readonly proof?: ProofPolicy;
  /** The web board, when it runs: where people reach it and how its links (看板) are signed. */
  readonly board?: BoardLinkSettings;
  /**
   * When the timed pushes run (SCHEDULE_* and SCHEDULE_TIMEZONE), the configuration the scheduler runs
   * on: 立即推送 and 推送预览 pick the same period as the scheduled run. Defaults when unset.
   */
  readonly schedule?: Pick<ScheduleConfig, "timezone" | "crons">;
}

export interface BoardLinkSettings {
  /** The address people open, e.g. https://hb.example.gov.cn/board (no trailing slash). */
  publicUrl: string;
  secret: string;
  /** How long a link stays valid. */
  linkTtlMs: number;
}

/**
 * The settings a running bot reads: the configured campaign year, or else the year of today's date,
 * asked each time, so a bot running over New Year reads 3月31日 in the new year.
 *
 * @example createBotSettings({ campaignYear: config.CAMPAIGN_YEAR, botName: "整治助手" }, systemClock)
 */
export function createBotSettings(
  o: {
    campaignYear?: number;
    botName: string;
    proof?: ProofPolicy;
    board?: BoardLinkSettings;
    schedule?: Pick<ScheduleConfig, "timezone" | "crons">;
  },
  clock: Clock,
): BotSettings {
  return Object.freeze({
    botName: o.botName,
    proof: o.proof,
    board: o.board,
    schedule: o.schedule,
    get campaignYear() {
      return o.campaignYear ?? Number(today(clock).slice(0, 4));
    },
  });
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
  /**
   * Queue a file to build after this message commits (scheduler/file-jobs): its replies follow this
   * message's in the chat. Building a file in the message's transaction would hold up every other
   * message meanwhile.
   */
  queueFile(kind: FileJobKindName, args: FileJobArgs): void;
}

/** The person, known to have a role (after the identity check). */
export type KnownContext = BotContext & { person: Person };

export function hasRole(ctx: BotContext, roles: readonly Role[]): ctx is KnownContext {
  return ctx.person !== undefined && roles.includes(ctx.person.role);
}
