/**
 * What the 管理员 read when something needs a person, and when it is over: a headline and a line
 * of detail, short enough for a phone. docs/operations.md explains each kind.
 */
const ALERT_KINDS = [
  "platform-down",
  "reply-undeliverable",
  "push-failed",
  "disk-low",
  "message-set-aside",
  "backup-failed",
] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

const PLATFORM_NAMES: Record<string, string> = {
  wecom: "企业微信",
  telegram: "Telegram",
  wechat: "微信",
  console: "控制台",
};

/** A platform's name as the operator knows it. */
export function platformName(platform: string): string {
  return PLATFORM_NAMES[platform] ?? platform;
}

/** 3 分钟, 2 小时 5 分钟, 1 天 3 小时. */
export function durationText(ms: number): string {
  const minutes = Math.max(1, Math.round(ms / 60_000));
  if (minutes < 60) return `${minutes} 分钟`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 ? `${hours} 小时 ${minutes % 60} 分钟` : `${hours} 小时`;
  const days = Math.floor(hours / 24);
  return hours % 24 ? `${days} 天 ${hours % 24} 小时` : `${days} 天`;
}

export function openedText(title: string, detail: string | null): string {
  return [`⚠️ 运行告警：${title}`, detail, "恢复后另行通知，期间同类问题不再重复提醒。"]
    .filter(Boolean)
    .join("\n");
}

export function closedText(o: { title: string; lastedMs: number; occurrences: number; note?: string }) {
  const times = o.occurrences > 1 ? `，期间共 ${o.occurrences} 次` : "";
  return [`✅ 告警解除：${o.title}`, `持续 ${durationText(o.lastedMs)}${times}。${o.note ?? ""}`].join("\n");
}
