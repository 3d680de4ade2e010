import type { Logger } from "pino";
import type { Clock } from "../base/clock.js";
import { platformName } from "../scheduler/alerts/alert-text.js";
import type { OperatorAlerts } from "../scheduler/alerts/operator-alerts.js";
import type { Db } from "../storage/db.js";
import type { StoredInbound } from "../storage/inbound-repo.js";
import { createRepos } from "../storage/repos.js";
import type { QueuedInbound } from "./handle-batch.js";

/** What the sender reads when their message is set aside. */
export const SET_ASIDE_REPLY =
  "这条消息多次处理未成功，已暂停处理并报告管理员，请勿重复发送。如有急事，请直接联系管理员。";

/**
 * Sets aside a message whose handling failed too often (or ended the process): it is marked failed
 * with the reason (so no start replays it), its sender is told in the chat it came from, and the
 * 管理员 are told what it was — all in one transaction, once, whichever instance gets there.
 */
export function createSetAside(deps: { db: Db; clock: Clock; log: Logger; alerts: OperatorAlerts }) {
  return async (item: QueuedInbound, reason: string): Promise<void> => {
    const now = deps.clock.now().toISOString();
    const done = await deps.db.transaction(async (trx) => {
      const repos = createRepos(trx);
      if (!(await repos.inbound.setAside(item.id, now, reason))) return false;
      const message = item.message ?? (await repos.inbound.byId(item.id).catch(() => undefined));
      if (message) {
        await repos.outbox.enqueue(
          `reply:${message.id}:set-aside`,
          { platform: message.platform, chatId: message.chatExternalId },
          { kind: "text", text: SET_ASIDE_REPLY },
          now,
        );
      }
      await deps.alerts.raise(
        {
          kind: "message-set-aside",
          subject: `inbound:${item.id}`,
          title: "一条消息多次处理失败，已搁置",
          detail: message ? describe(message) : `消息编号 ${item.id}（内容无法读取）`,
        },
        trx,
      );
      return true;
    });
    if (done) deps.log.error({ inbound: item.id, attempts: item.attempts, reason }, "message set aside");
  };
}

/** Who sent what, where and when: enough for the 管理员 to follow it up by hand. */
function describe(m: StoredInbound): string {
  const where = m.chatKind === "group" ? (m.chatTitle ?? m.chatExternalId) : "私聊";
  const who = m.senderName ?? m.senderExternalId;
  const what =
    m.kind === "text"
      ? `「${(m.text ?? "").replace(/\s+/g, " ").slice(0, 60)}${(m.text ?? "").length > 60 ? "…" : ""}」`
      : { image: "[图片]", file: `[文件] ${m.fileName ?? ""}`, location: "[位置]", event: "[事件]" }[m.kind];
  const at = m.receivedAt.slice(0, 16).replace("T", " ");
  return `${platformName(m.platform)} · ${where} · ${who}：${what}（${at} UTC 收到，消息编号 ${m.id}）`;
}
