import { randomInt } from "node:crypto";
import { InputError } from "../../base/errors.js";
import type { OutboundTarget } from "../../base/message.js";
import { percent } from "../../domain/phone-text.js";
import { assignTowns, drawSample, parseRatio, sampleSize } from "../../domain/sampling.js";
import { isSeed } from "../../domain/sampling-prng.js";
import { splitKeywords } from "../../domain/supervision-args.js";
import type { SupervisionPolicy } from "../../domain/supervision-policy.js";
import { quoteValue } from "../../domain/text-limits.js";
import type { InspectionTask } from "../../storage/inspection-task-row.js";
import { auditBase } from "../audit-base.js";
import type { Command } from "../command.js";
import { sendText, supervision } from "./supervision-shared.js";

const LISTED = 40;

/**
 * 抽查 [比例] [种子 N]: draws at least 20 % of all enterprises (督导企业比例不少于总数的20%), by town
 * and state, as inspection tasks for the district supervisors, each pushed their list privately.
 */
export function createSampleCommand(policy: SupervisionPolicy): Command {
  return {
    name: "抽查",
    roles: ["district_supervisor"],
    summary: `随机抽取企业督查（不少于总数的${Math.round(policy.minRatio * 100)}%），分派给区督查`,
    usage: "抽查\n抽查 30%\n抽查 20% 种子 20170301",
    async run(ctx, args) {
      const { head, values } = splitKeywords(args, { seed: ["种子"] });
      const ratio = head ? parseRatio(head) : policy.defaultRatio;
      if (ratio === null || ratio <= 0 || ratio > 1)
        throw new InputError(`抽查比例${quoteValue(head)}无法识别，例如：抽查 25%`);
      if (ratio < policy.minRatio - 1e-9)
        throw new InputError(
          `抽查比例不得低于${Math.round(policy.minRatio * 100)}%（督导企业比例不少于总数的20%）。`,
        );
      const seed = values.seed ? Number(values.seed) : randomInt(0, 0xffffffff);
      if (!isSeed(seed)) throw new InputError("种子应为 0 到 4294967295 之间的整数。");

      const repos = supervision(ctx);
      const units = await repos.tasks.sampleUnits();
      if (units.length === 0) {
        ctx.reply("尚无在册企业，无法抽查。");
        return;
      }
      const ids = drawSample(units, { ratio, seed });
      const townOf = new Map(units.map((u) => [u.id, u.townId]));
      const perTown = new Map<number, number>();
      for (const id of ids) {
        const townId = townOf.get(id);
        if (townId !== undefined) perTown.set(townId, (perTown.get(townId) ?? 0) + 1);
      }
      const supervisors = await repos.targets.supervisors();
      const assignment = assignTowns(
        perTown,
        supervisors.map((s) => s.id),
      );
      const base = auditBase(ctx);
      const drawId = await repos.tasks.recordDraw({
        seed,
        ratio,
        population: units.length,
        sampleSize: ids.length,
        drawnBy: ctx.person.id,
        at: base.at,
      });
      await repos.tasks.addTasks(
        ids.map((id) => ({
          kind: "sample",
          drawId,
          enterpriseId: id,
          assigneeId: assignment.get(townOf.get(id) ?? -1) ?? ctx.person.id,
          createdAt: base.at,
        })),
      );
      await ctx.repos.audit.record({
        ...base,
        action: "sample_draw",
        entityType: "sample_draw",
        entityId: drawId,
        after: { seed, ratio, population: units.length, enterpriseIds: ids },
      });

      const tasks = (await repos.tasks.openTasks({ kind: "sample" })).filter((t) => t.drawId === drawId);
      const byAssignee = new Map<number, InspectionTask[]>();
      for (const t of tasks) {
        // Every task of a draw was given an assignee (a supervisor, or whoever drew it).
        const assignee = t.assigneeId ?? ctx.person.id;
        byAssignee.set(assignee, [...(byAssignee.get(assignee) ?? []), t]);
      }
      const names = new Map(supervisors.map((s) => [s.id, s.name]));
      names.set(ctx.person.id, ctx.person.name);
      const targets = await repos.targets.privateTargets([...byAssignee.keys()]);
      for (const [personId, mine] of byAssignee) {
        sendText(ctx, targets.get(personId) ?? ([] as OutboundTarget[]), taskList(drawId, mine));
      }
      const towns = [...new Set(tasks.map((t) => t.townName))];
      ctx.reply(
        [
          `✅ 第${drawId}批抽查：全区 ${units.length} 家，抽取 ${ids.length} 家（${percent(ids.length, units.length)}，不少于 ${sampleSize(units.length, ratio)} 家）`,
          `覆盖 ${towns.length} 个镇（办）：${towns.join("、")}`,
          `分派：${[...byAssignee].map(([id, list]) => `${names.get(id) ?? id} ${list.length} 家`).join("，")}`,
          `随机种子 ${seed}（同一种子可复现本次抽样）`,
          "任务清单已私信各督查人员。督查后回复：督查 编号 符合 / 督查 编号 问题 … 要求 … 期限 …",
        ].join("\n"),
      );
    },
  };
}

function taskList(drawId: number, tasks: InspectionTask[]): string {
  const lines = tasks
    .slice(0, LISTED)
    .map((t) => `${t.caseNo} ${t.enterpriseName} · ${t.townName} ${t.village}`);
  const more = tasks.length > LISTED ? `\n……另有 ${tasks.length - LISTED} 家，发送「督查进度」查看` : "";
  return [
    `📋 第${drawId}批抽查督查任务（${tasks.length} 家）：`,
    ...lines,
    more,
    "现场检查后回复：督查 编号 符合，或 督查 编号 问题 描述 要求 整改完善 期限 4月30日（可附照片）",
  ]
    .filter(Boolean)
    .join("\n");
}
