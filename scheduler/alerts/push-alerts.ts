import { JOB_WORDS } from "../campaign-jobs.js";
import type { RunEvent } from "../scheduler.js";
import type { OperatorAlerts } from "./operator-alerts.js";

const LABELS: Record<string, string> = {
  ...Object.fromEntries(Object.entries(JOB_WORDS).map(([word, job]) => [job, word])),
  "supervision-daily": "督办",
};

/** Scheduled backups are the scheduler's too, but their failure is its own kind of alert. */
const BACKUP_JOB = "backup";

/**
 * A scheduled push that failed or was missed is an incident for the 管理员 (one per job); the next
 * run of that job that goes out ends it.
 *
 * @example
 *   createScheduler({ …, onRunEnd: pushAlerts(bot.alerts) })
 */
export function pushAlerts(alerts: OperatorAlerts) {
  return async (e: RunEvent): Promise<void> => {
    if (e.job === BACKUP_JOB) return backupAlert(alerts, e);
    const label = LABELS[e.job] ?? e.job;
    const byHand = JOB_WORDS[label] ? `可发送「立即推送 ${label}」补发。` : "";
    if (e.status === "done") {
      await alerts.resolve("push-failed", e.job, `${e.period} 的“${label}”已发出。`);
    } else if (e.status === "failed") {
      await alerts.raise({
        kind: "push-failed",
        subject: e.job,
        title: `定时推送“${label}”失败`,
        detail: `${e.period} 第 ${e.attempt ?? 1} 次失败：${(e.error ?? "").slice(0, 200)}。${
          e.willRetry ? "将自动重试。" : `不再自动重试。${byHand}`
        }`,
      });
    } else {
      await alerts.raise({
        kind: "push-failed",
        subject: e.job,
        title: `定时推送“${label}”未发出`,
        detail: `${e.period} 的推送到期时机器人未运行，已过补发时限。${byHand}`,
      });
    }
  };
}

async function backupAlert(alerts: OperatorAlerts, e: RunEvent): Promise<void> {
  if (e.status === "done") {
    await alerts.resolve("backup-failed", BACKUP_JOB, `${e.period} 的备份已写好。`);
    return;
  }
  await alerts.raise({
    kind: "backup-failed",
    subject: BACKUP_JOB,
    title: e.status === "failed" ? "自动备份失败" : "自动备份未运行",
    detail:
      e.status === "failed"
        ? `${e.period} 第 ${e.attempt ?? 1} 次失败：${(e.error ?? "").slice(0, 200)}。${e.willRetry ? "将自动重试。" : "请检查备份目录（BACKUP_DIR）的空间和权限，并手动运行 npm run backup。"}`
        : `${e.period} 的备份到期时机器人未运行。请手动运行 npm run backup。`,
  });
}
