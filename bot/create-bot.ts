import { join } from "node:path";
import type { Logger } from "pino";
import type { Clock } from "../base/clock.js";
import { PlatformRequestError } from "../base/errors.js";
import type { InboundMessage } from "../base/message.js";
import type { Command } from "../commands/command.js";
import type { BotSettings } from "../commands/context.js";
import { routesWith } from "../commands/index.js";
import { platformName } from "../scheduler/alerts/alert-text.js";
import { createOperatorAlerts, isAlertKey } from "../scheduler/alerts/operator-alerts.js";
import { pushAlerts } from "../scheduler/alerts/push-alerts.js";
import { createFileJobRunner } from "../scheduler/file-jobs/run-file-jobs.js";
import type { Db } from "../storage/db.js";
import { createPhotoStore } from "../storage/photo-store.js";
import { createOutboxDispatcher, type OutboxOptions } from "./outbox.js";
import { createPipeline } from "./pipeline.js";
import type { Platform } from "./platform.js";
import { startInBackground } from "./platform-starter.js";

export interface BotDeps {
  db: Db;
  dataDir: string;
  clock: Clock;
  log: Logger;
  settings: BotSettings;
  commands?: readonly Command[];
  outboxPollMs?: number;
  /** How long a pending inbound message stays this instance's unrenewed (bot/pipeline.ts). */
  inboundLeaseMs?: number;
  /** How often photos left pending are looked at (bot/pending-media.ts; default 1 s). */
  mediaPollMs?: number;
  /** Outbox retry and retention settings (see bot/outbox.ts). */
  outbox?: Pick<OutboxOptions, "retry" | "owner" | "retentionMs" | "leaseMs" | "sendTimeoutMs">;
}

/**
 * The bot without its platforms: pipeline + outbox over one database. Platforms are attached with
 * `attach`, so tests and main wire the same thing.
 *
 * @example
 *   const bot = createBot({ db, dataDir: "data", clock: systemClock, log, settings });
 *   await bot.start([createConsolePlatform({ … })]);
 */
export function createBot(deps: BotDeps) {
  const platforms = new Map<string, Platform>();
  const undeliverable = new Set<string>();
  const photos = createPhotoStore(join(deps.dataDir, "photos"));
  const outbox = createOutboxDispatcher({
    db: deps.db,
    platforms: () => platforms,
    clock: deps.clock,
    log: deps.log.child({ part: "outbox" }),
    pollMs: deps.outboxPollMs,
    ...deps.outbox,
    // A reply given up for good opens an incident for its platform (the 管理员 are told once); the
    // platform's next delivered reply closes it. An alert that fails raises none (no loop).
    onGiveUp: async (item, reason) => {
      if (isAlertKey(item.key)) return;
      undeliverable.add(item.platform);
      const where = item.target.chatId ?? item.target.userId ?? "?";
      await alerts.raise({
        kind: "reply-undeliverable",
        subject: item.platform,
        title: `${platformName(item.platform)}有回复未能送达`,
        detail: `发往 ${where} 的回复（${item.createdAt.slice(0, 16).replace("T", " ")} UTC 排队）已放弃重试：${reason.slice(0, 160)}`,
      });
    },
    onDelivered: (platform) => {
      if (!undeliverable.delete(platform)) return;
      void alerts
        .resolve("reply-undeliverable", platform, "该平台的回复已恢复送达。")
        .catch((err) => deps.log.error({ err }, "could not close the undeliverable-reply alert"));
    },
  });
  const starters: ReturnType<typeof startInBackground>[] = [];
  // The 管理员 are told on a platform that is up (an alert about WeCom does not wait for WeCom).
  const alerts = createOperatorAlerts({
    db: deps.db,
    clock: deps.clock,
    log: deps.log,
    reach: (name) => {
      const p = platforms.get(name);
      return !p ? "absent" : p.status().connected ? "up" : "down";
    },
    onQueued: () => outbox.kick(),
  });
  // Files (台账, 档案) are built after the message that asked for them commits, here, one at a time.
  const fileJobs = createFileJobRunner({
    db: deps.db,
    photos,
    proof: deps.settings.proof,
    clock: deps.clock,
    log: deps.log.child({ part: "file-jobs" }),
    onQueued: () => outbox.kick(),
    // 立即推送 ends as a scheduled run does: a 推送失败 alert is over once the push went by hand.
    onRunEnd: pushAlerts(alerts),
  });
  let filesQueued = false;
  const pipeline = createPipeline({
    db: deps.db,
    photos,
    clock: deps.clock,
    settings: deps.settings,
    log: deps.log.child({ part: "pipeline" }),
    routes: routesWith(deps.commands),
    alerts,
    // A round that queued a file starts its build once committed (not a query after every round).
    onFileQueued: () => {
      filesQueued = true;
    },
    onQueued: () => {
      outbox.kick();
      if (!filesQueued) return;
      filesQueued = false;
      fileJobs.kick();
    },
    leaseMs: deps.inboundLeaseMs,
    fetchMedia: async (name, ref) => {
      const platform = platforms.get(name);
      // Not attached in this run (yet): tried again later, until the reference expires.
      if (!platform?.fetchMedia) throw new PlatformRequestError(`${name} 未接入，无法取回文件`);
      return platform.fetchMedia(ref);
    },
    mediaPollMs: deps.mediaPollMs,
  });
  const receive = (m: InboundMessage) => pipeline.receive(m).then(() => undefined);

  return {
    db: deps.db,
    pipeline,
    outbox,
    fileJobs,
    photos,
    platforms,
    /** Tell the 管理员 once per incident, and when it is over (scheduler/alerts/operator-alerts.ts). */
    alerts,
    /** Everything received so far is handled and its replies sent (or given up for now). */
    async settle(): Promise<void> {
      await pipeline.idle();
      await fileJobs.idle();
      await outbox.drain();
    },
    async start(list: Platform[]): Promise<void> {
      for (const p of list) platforms.set(p.name, p);
      const recovered = await pipeline.recover();
      if (recovered) deps.log.info({ recovered }, "handled messages left pending by the last run");
      fileJobs.start();
      await outbox.start();
      // One platform that cannot start does not keep the others (or the console) from running.
      for (const p of list) {
        const starter = startInBackground(p, receive, deps.log);
        starters.push(starter);
        await starter.firstTry;
      }
    },
    async stop(): Promise<void> {
      for (const s of starters.splice(0)) s.cancel();
      for (const p of platforms.values()) await p.stop();
      await pipeline.stop();
      await fileJobs.stop();
      await outbox.stop();
    },
  };
}

export type Bot = ReturnType<typeof createBot>;
