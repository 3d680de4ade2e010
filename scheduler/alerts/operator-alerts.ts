import type { Logger } from "pino";
import type { Clock } from "../../base/clock.js";
import type { OutboundTarget } from "../../base/message.js";
import type { Db } from "../../storage/db.js";
import { createOperatorAlertsRepo, type OperatorAlertRow } from "../../storage/operator-alerts-repo.js";
import { createOutboxRepo } from "../../storage/outbox-repo.js";
import { type AlertKind, closedText, openedText } from "./alert-text.js";

/** Every alert's outbox key starts so: an alert that cannot be delivered raises no alert (no loop). */
const ALERT_KEY_PREFIX = "alert:";
export const isAlertKey = (key: string): boolean => key.startsWith(ALERT_KEY_PREFIX);

export interface Alert {
  kind: AlertKind;
  /** What it is about, so two platforms down are two incidents: "wecom", "weekly-bulletin", "data". */
  subject: string;
  /** The headline, in Chinese: "企业微信连接中断". */
  title: string;
  /** One line on what happened and what to do. */
  detail?: string;
  /** When it really began, if before now (a platform down since 10:02): the all-clear counts from it. */
  since?: Date;
}

/** How a platform stands for delivering an alert: "absent" = not running in this process. */
type PlatformReach = "up" | "down" | "absent";

export interface OperatorAlertsDeps {
  db: Db;
  clock: Clock;
  log: Logger;
  /** Each 管理员 is told on one account: the first on a platform that is up, else one that is down. */
  reach?: (platform: string) => PlatformReach;
  /** Called after an alert is queued (point it at the outbox's kick()). */
  onQueued?: () => void;
}

/**
 * Tells the 管理员 in chat when something needs a person: once when an incident begins, once when it
 * is over. Raising an incident that is already open only counts it; resolving one that is not open
 * does nothing. Messages go through the durable outbox; both calls take the caller's transaction.
 *
 * @example
 *   const alerts = createOperatorAlerts({ db, clock, log, reach, onQueued: () => outbox.kick() });
 *   await alerts.raise({ kind: "platform-down", subject: "wecom", title: "企业微信连接中断",
 *     detail: "已中断 10 分钟：长连接已断开" });
 *   …
 *   await alerts.resolve("platform-down", "wecom", "连接已恢复。");
 */
export function createOperatorAlerts(deps: OperatorAlertsDeps) {
  const log = deps.log.child({ part: "alerts" });

  async function tell(db: Db, key: string, text: string): Promise<number> {
    const admins = await createOperatorAlertsRepo(db).admins();
    const byPerson = new Map<number, typeof admins>();
    for (const a of admins) byPerson.set(a.personId, [...(byPerson.get(a.personId) ?? []), a]);
    const outbox = createOutboxRepo(db);
    const now = deps.clock.now().toISOString();
    let told = 0;
    for (const [personId, accounts] of byPerson) {
      const reach = (p: string) => deps.reach?.(p) ?? "up";
      const account =
        accounts.find((a) => reach(a.platform) === "up") ??
        accounts.find((a) => reach(a.platform) === "down");
      if (!account) continue;
      const target: OutboundTarget = { platform: account.platform, userId: account.externalId };
      await outbox.enqueue(`${key}:${personId}`, target, { kind: "text", text }, now);
      told++;
    }
    return told;
  }

  /** In the caller's transaction when given one, else in one of our own: the mark and the message together. */
  async function inTransaction<T>(db: Db, work: (trx: Db) => Promise<T>): Promise<T> {
    return db.isTransaction ? work(db) : db.transaction((trx) => work(trx));
  }

  return {
    /** An incident began (or goes on). Returns true when this call opened it and the 管理员 were told. */
    async raise(alert: Alert, db: Db = deps.db): Promise<boolean> {
      const now = deps.clock.now().toISOString();
      const result = await inTransaction(db, async (trx) => {
        const opened = await createOperatorAlertsRepo(trx).open({
          kind: alert.kind,
          subject: alert.subject,
          title: alert.title,
          detail: alert.detail ?? null,
          openedAt: alert.since?.toISOString() ?? now,
          now,
        });
        if (!opened) return undefined;
        const key = `${ALERT_KEY_PREFIX}${opened.id}:${opened.openedAt}:open`;
        return { told: await tell(trx, key, openedText(alert.title, alert.detail ?? null)) };
      });
      if (!result) return false;
      log.warn({ alert: alert.kind, subject: alert.subject, told: result.told }, alert.title);
      if (result.told === 0) log.warn({ alert: alert.kind }, "no 管理员 with a chat account to tell");
      deps.onQueued?.();
      return true;
    },
    /** The incident is over. Returns true when it was open (and the 管理员 were told). */
    async resolve(kind: AlertKind, subject: string, note?: string, db: Db = deps.db): Promise<boolean> {
      const at = deps.clock.now();
      const closed = await inTransaction(db, async (trx) => {
        const row = await createOperatorAlertsRepo(trx).close(kind, subject, at.toISOString());
        if (!row) return undefined;
        const text = closedText({
          title: row.title,
          lastedMs: at.getTime() - Date.parse(row.openedAt),
          occurrences: row.occurrences,
          note,
        });
        await tell(trx, `${ALERT_KEY_PREFIX}${row.id}:${row.openedAt}:over`, text);
        return row;
      });
      if (!closed) return false;
      log.info({ alert: kind, subject }, `over: ${closed.title}`);
      deps.onQueued?.();
      return true;
    },
    /** Incidents open now (for /healthz and /metrics). */
    open(): Promise<OperatorAlertRow[]> {
      return createOperatorAlertsRepo(deps.db).listOpen();
    },
  };
}

export type OperatorAlerts = ReturnType<typeof createOperatorAlerts>;
