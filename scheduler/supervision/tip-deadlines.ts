import { today } from "../../base/clock.js";
import type { OutboundMessage } from "../../base/message.js";
import { chineseDate, daysBetween } from "../../domain/dates.js";
import { createRepos } from "../../storage/repos.js";
import { createSupervisionRepos } from "../../storage/supervision-repos.js";
import type { RunnerDeps } from "./runner-deps.js";

/**
 * 12369 tips (线索) still unverified after their deadline: the town group is reminded once per tip
 * (the outbox key makes a second run, the same day or later, queue nothing). Returns what it queued.
 */
export async function runTipDeadlines(deps: RunnerDeps) {
  const day = today(deps.clock);
  const now = deps.clock.now().toISOString();
  return deps.db.transaction(async (trx) => {
    const core = createRepos(trx);
    const sv = createSupervisionRepos(trx);
    const queued: { target: { platform: string; chatId?: string }; message: OutboundMessage }[] = [];
    for (const tip of (await sv.tips.open()).filter((t) => t.deadline < day)) {
      const message: OutboundMessage = {
        kind: "text",
        text: [
          `⏰ 线索 ${tip.tipNo} 已超过核实期限 ${daysBetween(tip.deadline, day)} 天（期限 ${chineseDate(tip.deadline)}）`,
          `${tip.description} · 地点：${tip.place} · 来源：${tip.source}`,
          `请尽快核实后回复：核实 ${tip.tipNo} 属实，或 核实 ${tip.tipNo} 不属实 理由`,
        ].join("\n"),
      };
      for (const [n, target] of (await sv.targets.townTargets(tip.townId)).entries()) {
        await core.outbox.enqueue(`tip-overdue:${tip.id}:${n}`, target, message, now);
        queued.push({ target, message });
      }
    }
    deps.log?.info({ day, messages: queued.length }, "tip deadlines checked");
    return queued;
  });
}
