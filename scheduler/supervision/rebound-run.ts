import { CAMPAIGN_TZ, today } from "../../base/clock.js";
import { dateInZone } from "../../base/zoned-time.js";
import { chineseDate } from "../../domain/dates.js";
import { DEFAULT_SUPERVISION_POLICY } from "../../domain/supervision-policy.js";
import { reboundDueDates } from "../../domain/supervision-rebound.js";
import { createRepos } from "../../storage/repos.js";
import { createSupervisionRepos } from "../../storage/supervision-repos.js";
import { enqueueText, type QueuedMessage, type RunnerDeps } from "./runner-deps.js";

/**
 * Rebound checks (回头看): every closed case gets tasks at the policy's months after 销号 (assigned to
 * the district supervisors town by town); due tasks are pushed to their assignee once. Tasks
 * watching a closure that no longer stands (反弹) are cancelled. Returns the messages queued.
 */
export async function runReboundChecks(deps: RunnerDeps): Promise<QueuedMessage[]> {
  const policy = deps.policy ?? DEFAULT_SUPERVISION_POLICY;
  const day = today(deps.clock);
  const now = deps.clock.now().toISOString();
  return deps.db.transaction(async (trx) => {
    const core = createRepos(trx);
    const sv = createSupervisionRepos(trx);
    await sv.tasks.cancel(await sv.tasks.staleReboundTaskIds(), "案件已不在原销号状态");
    const supervisors = await sv.targets.supervisors();
    for (const e of await core.enterprises.listAll()) {
      const { closedAt } = e;
      if (!closedAt) continue;
      const made = new Set((await sv.tasks.reboundTasks(e.id, closedAt)).map((t) => t.months));
      const closedOn = dateInZone(new Date(closedAt), CAMPAIGN_TZ);
      const assignee = supervisors[e.townId % supervisors.length]?.id ?? null;
      await sv.tasks.addTasks(
        reboundDueDates(closedOn, policy.reboundMonths)
          .filter((d) => !made.has(d.months))
          .map((d) => ({
            kind: "rebound" as const,
            enterpriseId: e.id,
            assigneeId: assignee,
            dueOn: d.dueOn,
            months: d.months,
            closedAt,
            createdAt: now,
          })),
      );
    }
    const due = await sv.tasks.dueUnnotified(day);
    const queued: QueuedMessage[] = [];
    const groups = new Map<string, typeof due>();
    for (const t of due) {
      const key = t.assigneeId ? `p:${t.assigneeId}` : `t:${t.townId}`;
      groups.set(key, [...(groups.get(key) ?? []), t]);
    }
    for (const [key, tasks] of groups) {
      const [first] = tasks;
      if (!first) continue;
      const assignee = first.assigneeId;
      const targets =
        key.startsWith("p:") && assignee !== null
          ? ((await sv.targets.privateTargets([assignee])).get(assignee) ?? [])
          : await sv.targets.townTargets(first.townId);
      const lines = tasks.map(
        (t) => `${t.caseNo} ${t.enterpriseName} · ${t.townName} ${t.village} · 销号后${t.months}个月`,
      );
      const text = [
        `🔁 回头看任务（${tasks.length} 家，${chineseDate(day)}）：`,
        ...lines,
        "检查后回复：回头看 编号 无反弹，或 回头看 编号 反弹 情况说明",
      ].join("\n");
      queued.push(...(await enqueueText(core, targets, text, `rebound:${first.id}:${key}`, now)));
      await sv.tasks.markNotified(
        tasks.map((t) => t.id),
        now,
      );
    }
    deps.log?.info({ day, due: due.length, messages: queued.length }, "rebound checks run");
    return queued;
  });
}
