import { InputError, NotFoundError } from "../base/errors.js";
import { missingParts, PART_LABELS, submissionLine } from "../domain/submission.js";
import { createSubmissionsRepo } from "../storage/submissions-repo.js";
import { auditBase } from "./audit-base.js";
import type { Command } from "./command.js";
import { ledgerServiceFor } from "./ledger.js";
import { SUBMITTERS, submissionDay, submissionTown } from "./submission-town.js";

/** How to send the other two items, said wherever one is missing. */
export const HOW_TO_SEND =
  "盖章件：拍照发送，说明写“盖章件”，或发送文件名含“盖章”的PDF；工作总结：发送「工作总结 内容」或文件名含“总结”的文件。";

/**
 * 报送 — exactly that word — records that the town sent this month's 工作台账电子版 today: the ledger as it
 * stands now is the month's ledger as submitted (附件1 注4), and it comes back as the file. Anything
 * after the word records nothing (报送情况 and 报送了吗 are questions, answered by their own command).
 */
export const submitCommand: Command = {
  name: "报送",
  roles: SUBMITTERS,
  summary: "确认本镇（办）本月工作台账电子版已报送（只发「报送」二字）",
  usage: "报送",
  async run(ctx, args) {
    if (args.trim()) {
      throw new InputError("确认报送请只发送「报送」二字；查看报送情况请发送「报送情况」。");
    }
    const town = await submissionTown(ctx, "报送");
    const { now, today, month } = submissionDay(ctx);
    const repo = createSubmissionsRepo(ctx.repos.db);
    const { first, record } = await repo.record({
      townId: town.id,
      month,
      submittedAt: now,
      submittedOn: today,
      personId: ctx.person.id,
      chatId: ctx.chat.id,
      inboundId: ctx.message.id,
    });
    const [, m, d] = record.submittedOn.split("-").map(Number);
    if (!first) {
      ctx.reply(`${town.name}${Number(month.slice(5))}月工作台账已于${m}月${d}日确认报送，无需重复。`);
      return;
    }
    await ctx.repos.audit.record({
      ...auditBase(ctx, now),
      action: "submit_ledger",
      entityType: "town",
      entityId: town.id,
      before: null,
      after: { month },
    });
    const status = (await repo.monthStatus(month)).find((s) => s.townId === town.id);
    if (!status) throw new NotFoundError(`${town.name}不在镇（办）名单中`);
    const mine = { town: town.name, ...status };
    const missing = missingParts(mine);
    const ledger = await ledgerServiceFor(ctx).townLedger(town.name, `${month.slice(0, 4)}年${m}月`);
    ctx.reply(
      [
        `✅ 已记录：${town.name}${m}月工作台账已报送（${m}月${d}日，${ctx.person.name}）。`,
        missing.length
          ? `尚缺：${missing.map((p) => PART_LABELS[p]).join("、")}。${HOW_TO_SEND}`
          : submissionLine(mine),
      ].join("\n"),
    );
    ctx.replyWith({ kind: "file", bytes: ledger.xlsx, fileName: ledger.fileName });
  },
};
