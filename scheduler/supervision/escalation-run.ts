import { today } from "../../base/clock.js";
import { chineseDate } from "../../domain/dates.js";
import { type DueEscalation, nextEscalation } from "../../domain/escalation.js";
import { DEFAULT_SUPERVISION_POLICY } from "../../domain/supervision-policy.js";
import { FINISHED_STATES, isFinished } from "../../domain/transitions.js";
import { createRepos } from "../../storage/repos.js";
import type { SubjectType } from "../../storage/supervision-escalations-repo.js";
import { createSupervisionRepos } from "../../storage/supervision-repos.js";
import { enqueueText, type QueuedMessage, type RunnerDeps } from "./runner-deps.js";
import { caseLabel, summonsParts, summonsProposalText, transferLabel } from "./summons-report.js";

interface DueItem {
  type: SubjectType;
  subjectId: number;
  round: number;
  enterpriseId: number;
  townId: number;
  townName: string;
  label: string;
  how: string;
  deadline: string;
  state: string;
  due: DueEscalation;
}

/**
 * The daily escalation ladder over transfers and ordinary cases (惠环保〔2017〕2号 四): an overdue
 * one is notified to its town with a new deadline (限期整治); still overdue after it, a report to
 * 区大气办 recommending a summons (约谈) is proposed to the district supervisors with its history —
 * it goes out only when one of them confirms it (约谈 确认, commands/supervision/summons.ts). Each step is recorded once (a second
 * run the same day adds nothing), audited on the enterprise, and its messages queued in the outbox
 * in the same transaction. Returns the messages queued.
 */
export async function runEscalations(deps: RunnerDeps): Promise<QueuedMessage[]> {
  const policy = deps.policy ?? DEFAULT_SUPERVISION_POLICY;
  const day = today(deps.clock);
  const now = deps.clock.now().toISOString();
  return deps.db.transaction(async (trx) => {
    const core = createRepos(trx);
    const sv = createSupervisionRepos(trx);
    const due: DueItem[] = [];
    // A town answers for what it was handed (移交); what went to 公安 or the 区政府 is theirs to handle.
    const transfers = (await sv.transfers.open()).filter(
      (t) => t.kind === "town" && t.deadline < day && !isFinished(t.requirement, t.state),
    );
    const tSteps = await sv.escalations.forSubjects(
      "transfer",
      transfers.map((t) => t.id),
    );
    for (const t of transfers) {
      const next = nextEscalation(
        { deadline: t.deadline, done: false },
        tSteps.get(`transfer:${t.id}:0`) ?? [],
        day,
        policy.noticeDays,
      );
      if (next)
        due.push({
          type: "transfer",
          subjectId: t.id,
          round: 0,
          enterpriseId: t.enterpriseId,
          townId: t.townId,
          townName: t.townName,
          label: transferLabel(t),
          how: `反馈 ${t.transferNo} 完成情况 完成日期`,
          deadline: t.deadline,
          state: t.state,
          due: next,
        });
    }
    // A case with an open transfer climbs the ladder once, as that transfer (with its number).
    const transferred = new Set(transfers.map((t) => t.enterpriseId));
    const cases = (await core.enterprises.overdue(day, undefined, 100_000)).filter(
      (e) => !FINISHED_STATES.includes(e.state) && !transferred.has(e.id),
    );
    const eSteps = await sv.escalations.forSubjects(
      "enterprise",
      cases.map((e) => e.id),
    );
    for (const e of cases) {
      const next = nextEscalation(
        { deadline: e.deadline, done: false },
        eSteps.get(`enterprise:${e.id}:${e.reopenCount}`) ?? [],
        day,
        policy.noticeDays,
      );
      if (next)
        due.push({
          type: "enterprise",
          subjectId: e.id,
          round: e.reopenCount,
          enterpriseId: e.id,
          townId: e.townId,
          townName: e.townName,
          label: caseLabel(e),
          how: `进展 ${e.caseNo} 完成情况 完成日期`,
          deadline: e.deadline,
          state: e.state,
          due: next,
        });
    }

    const queued: QueuedMessage[] = [];
    const byTownStep = new Map<string, { item: DueItem; id: number }[]>();
    for (const item of due) {
      const d = item.due;
      const note =
        d.step === "notice"
          ? `${item.label} 逾期${d.daysOverdue}天，通报${item.townName}并限期至 ${chineseDate(d.newDeadline)}`
          : `${item.label} 限期整治（至 ${chineseDate(d.noticeDeadline)}）后仍未整改到位，建议报区大气办约谈${item.townName}政府（待区督查确认）`;
      const id = await sv.escalations.add({
        subjectType: item.type,
        subjectId: item.subjectId,
        round: item.round,
        enterpriseId: item.enterpriseId,
        townId: item.townId,
        step: d.step,
        onDate: day,
        at: now,
        newDeadline: d.step === "notice" ? d.newDeadline : null,
        note: note.slice(0, 400),
        // The ladder only proposes a summons: a district supervisor confirms it (约谈 确认).
        status: d.step === "notice" ? "done" : "proposed",
      });
      if (id === null) continue; // taken by a concurrent run
      await core.audit.record({
        at: now,
        personId: null,
        chatId: null,
        inboundId: null,
        action: d.step === "notice" ? "escalate_notice" : "summons_proposed",
        entityType: "enterprise",
        entityId: item.enterpriseId,
        after: { subject: item.type, step: d.step, newDeadline: d.step === "notice" ? d.newDeadline : null },
        note: note.slice(0, 400),
      });
      const key = `${item.townId}:${d.step}`;
      byTownStep.set(key, [...(byTownStep.get(key) ?? []), { item, id }]);
    }
    for (const group of byTownStep.values()) {
      const [first] = group;
      if (!first) continue;
      const { item } = first;
      const step = item.due.step;
      const townTargets = await sv.targets.townTargets(item.townId);
      if (step === "notice") {
        const lines = group.map(({ item: i }) => {
          const d = i.due as Extract<DueEscalation, { step: "notice" }>;
          return `· ${i.label}\n  原期限 ${chineseDate(i.deadline)}，逾期${d.daysOverdue}天，现为“${i.state}”，限期至 ${chineseDate(d.newDeadline)}\n  整改后回复：${i.how}`;
        });
        const text = [
          `⚠️ 限期整治通知（${item.townName}）`,
          `以下 ${group.length} 项逾期未整改到位，现予通报并限期整治：`,
          ...lines,
          "逾期仍未整改到位的，将报区大气办约谈辖区政府。",
        ].join("\n");
        queued.push(...(await enqueueText(core, townTargets, text, `escalation:${first.id}`, now)));
      } else {
        const items = group.map(({ item: i }) => {
          const d = i.due as Extract<DueEscalation, { step: "summons" }>;
          return { ...i, noticeDeadline: d.noticeDeadline };
        });
        const text = summonsProposalText(item.townName, await summonsParts(core, items, day));
        queued.push(
          ...(await enqueueText(
            core,
            await sv.targets.supervisorTargets(),
            text,
            `escalation:${first.id}`,
            now,
          )),
        );
      }
    }
    deps.log?.info({ day, steps: due.length, messages: queued.length }, "escalations run");
    return queued;
  });
}
