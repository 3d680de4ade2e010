import { today } from "../../base/clock.js";
import { InputError } from "../../base/errors.js";
import { chineseDate } from "../../domain/dates.js";
import type { Enterprise } from "../../domain/enterprise.js";
import { INSPECTION_USAGE, parseInspection } from "../../domain/supervision-transfer.js";
import { TEXT_LIMITS, tooLong } from "../../domain/text-limits.js";
import { finishedStateOf } from "../../domain/transitions.js";
import { auditBase } from "../audit-base.js";
import { assertOnFile, caseFromArgs } from "../case-access.js";
import { openCaseForTransfer } from "../case-moves.js";
import type { Command } from "../command.js";
import type { KnownContext } from "../context.js";
import { sendText, supervision } from "./supervision-shared.js";

/**
 * 督查 编号 符合 | 问题 … 要求 … 期限 …: the result of an inspection. A problem is transferred (移交)
 * to the town with its requirement and deadline, the town group is told, and ledger 2 gets a row.
 * Photos sent next go into the enterprise's file.
 */
export const inspectCommand: Command = {
  name: "督查",
  roles: ["district_supervisor"],
  summary: "录入督查结果：符合，或发现问题移交镇（办）限期整改",
  usage: INSPECTION_USAGE,
  async run(ctx, args) {
    const { enterprise, rest } = await caseFromArgs(ctx, args);
    assertOnFile(enterprise);
    const parsed = parseInspection(rest, ctx.settings.campaignYear);
    if (!parsed.ok) throw new InputError(parsed.message);
    const written = parsed.kind === "conform" ? parsed.note : parsed.problem;
    const long = tooLong(parsed.kind === "conform" ? "说明" : "问题", written ?? "", TEXT_LIMITS.problem);
    if (long) throw new InputError(long);
    const repos = supervision(ctx);
    const base = auditBase(ctx);
    const task = await repos.tasks.openTaskFor(enterprise.id, ["sample"]);
    const result = parsed.kind === "conform" ? "conform" : "problem";
    const note = parsed.kind === "conform" ? parsed.note || null : parsed.problem;
    if (task) await repos.tasks.complete(task.id, { result, note, doneBy: ctx.person.id, at: base.at });
    else
      await repos.tasks.recordDone({
        kind: "adhoc",
        enterpriseId: enterprise.id,
        result,
        note,
        doneBy: ctx.person.id,
        at: base.at,
      });
    await ctx.repos.persons.setFocus(ctx.person.id, enterprise.id);
    const source = task ? `第${task.drawId}批抽查` : "督查";
    if (parsed.kind === "conform") {
      await ctx.repos.audit.record({
        ...base,
        action: "inspect",
        entityType: "enterprise",
        entityId: enterprise.id,
        after: { result: "符合" },
        note: note ?? undefined,
      });
      ctx.reply(
        `✅ ${source}记录：【${enterprise.caseNo}】${enterprise.name} 符合要求。\n可接着发送现场照片存入档案。`,
      );
      return;
    }
    await transferProblem(ctx, enterprise, { ...parsed, taskId: task?.id ?? null, source });
  },
};

async function transferProblem(
  ctx: KnownContext,
  enterprise: Enterprise,
  p: {
    problem: string;
    requirement: Enterprise["requirement"];
    deadline: string;
    responsible: string | null;
    taskId: number | null;
    source: string;
  },
): Promise<void> {
  const repos = supervision(ctx);
  const base = auditBase(ctx);
  const day = today(ctx.clock);
  if (p.deadline < day)
    throw new InputError(
      `整改期限 ${chineseDate(p.deadline)} 已过，请写今天（${chineseDate(day)}）以后的日期。`,
    );
  const transfer = await repos.transfers.add({
    enterpriseId: enterprise.id,
    townId: enterprise.townId,
    taskId: p.taskId,
    problem: p.problem,
    requirement: p.requirement,
    deadline: p.deadline,
    responsible: p.responsible ?? enterprise.responsible,
    transferredOn: day,
    at: base.at,
    by: ctx.person.id,
  });
  // One state per enterprise: the transfer is what the case must now do.
  const change = await openCaseForTransfer(ctx, enterprise, { ...p, at: base.at });
  await ctx.repos.audit.record({
    ...base,
    action: "transfer",
    entityType: "enterprise",
    entityId: enterprise.id,
    before: change?.before,
    after: {
      transferNo: transfer.transferNo,
      requirement: p.requirement,
      deadline: p.deadline,
      ...change?.after,
    },
    note: `${transfer.transferNo} ${p.problem}`,
  });
  const reopened = enterprise.closedAt ? "原已销号的案件重新立案（计为反弹）。" : "";
  const targets = await repos.targets.townTargets(enterprise.townId);
  sendText(
    ctx,
    targets,
    [
      `📌 区督查移交 ${transfer.transferNo}（${enterprise.townName}）`,
      `【${enterprise.caseNo}】${enterprise.name} · ${enterprise.village}`,
      `问题：${p.problem}`,
      `整治要求：${p.requirement} · 期限：${chineseDate(p.deadline)}`,
      `分包责任人：${transfer.responsible}`,
      `请按期整改并回复：反馈 ${transfer.transferNo} 正在整治；完成后回复：反馈 ${transfer.transferNo} ${finishedStateOf(p.requirement)} 完成日期（附照片）`,
    ].join("\n"),
  );
  ctx.reply(
    [
      `⚠️ ${p.source}发现问题，已移交 ${transfer.transferNo} 至${enterprise.townName}`,
      `【${enterprise.caseNo}】${enterprise.name}`,
      `问题：${p.problem}`,
      `整治要求：${p.requirement} · 期限：${chineseDate(p.deadline)} · 分包责任人：${transfer.responsible}`,
      targets.length
        ? `已通知${enterprise.townName}。`
        : `⚠️ ${enterprise.townName}尚未绑定工作群，也无镇（办）管理员账号，未能通知。`,
      ...(reopened ? [reopened] : []),
      "可接着发送现场照片存入档案。",
    ].join("\n"),
  );
}
