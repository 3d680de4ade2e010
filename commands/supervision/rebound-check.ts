import { today } from "../../base/clock.js";
import { InputError } from "../../base/errors.js";
import { chineseDate } from "../../domain/dates.js";
import { TOWN_ROLES } from "../../domain/enums.js";
import { auditBase } from "../audit-base.js";
import { assertMayChange, caseFromArgs } from "../case-access.js";
import type { Command } from "../command.js";
import { reopenCommand } from "../reopen.js";
import { supervision } from "./supervision-shared.js";

const NO_REBOUND = /^(无反弹|未反弹|没有反弹|正常|符合|未发现反弹)[\s,，。:：]*/;
const REBOUND = /^(反弹|复产|恢复生产|死灰复燃)[\s,，。:：]*/;

/**
 * 回头看: closed cases are looked at again 1, 3 and 6 months after 销号 (一次整治、永不反弹).
 * 回头看 lists the checks due; 回头看 GY-0007 无反弹 records one; 回头看 GY-0007 反弹 <情况> reopens
 * the case exactly as 反弹 does and counts against its town.
 */
export const reboundCheckCommand: Command = {
  name: "回头看",
  roles: ["district_supervisor", "town_admin"],
  summary: "销号企业回头看：无反弹或反弹（反弹即重新立案）",
  usage: "回头看\n回头看 GY-0007 无反弹\n回头看 GY-0007 反弹 夜间恢复生产",
  async run(ctx, args) {
    const repos = supervision(ctx);
    const day = today(ctx.clock);
    if (!args.trim()) {
      const own = TOWN_ROLES.includes(ctx.person.role) ? ctx.person.townId : null;
      const due = (await repos.tasks.openTasks({ kind: "rebound", dueBy: day })).filter(
        (t) => !own || t.townId === own,
      );
      if (due.length === 0) {
        ctx.reply(`暂无到期的回头看任务（${chineseDate(day)}）。`);
        return;
      }
      const lines = due
        .slice(0, 30)
        .map((t) => `${t.caseNo} ${t.enterpriseName} · ${t.townName} · 销号后${t.months}个月（${t.dueOn}）`);
      ctx.reply(
        `到期回头看 ${due.length} 家：\n${lines.join("\n")}\n检查后回复：回头看 编号 无反弹 / 回头看 编号 反弹 情况`,
      );
      return;
    }
    const { enterprise, rest } = await caseFromArgs(ctx, args);
    assertMayChange(ctx, enterprise);
    const rebound = REBOUND.test(rest) && !NO_REBOUND.test(rest);
    if (!rebound && !NO_REBOUND.test(rest))
      throw new InputError(
        `请写明检查结果，例如：\n回头看 ${enterprise.caseNo} 无反弹\n回头看 ${enterprise.caseNo} 反弹 夜间恢复生产`,
      );
    const note = rest.replace(rebound ? REBOUND : NO_REBOUND, "");
    const base = auditBase(ctx);
    const task = await repos.tasks.openTaskFor(enterprise.id, ["rebound"]);
    if (rebound) {
      if (!note) throw new InputError(`请说明反弹情况，例如：回头看 ${enterprise.caseNo} 反弹 夜间恢复生产`);
      // The same change as 反弹: back to the working state, reopen_count + 1, audited; it replies too.
      await reopenCommand.run(ctx, `${enterprise.caseNo} 回头看发现：${note}`);
    }
    const result = rebound ? "rebound" : "no_rebound";
    if (task)
      await repos.tasks.complete(task.id, { result, note: note || null, doneBy: ctx.person.id, at: base.at });
    else
      await repos.tasks.recordDone({
        kind: "rebound",
        enterpriseId: enterprise.id,
        result,
        note: note || null,
        doneBy: ctx.person.id,
        at: base.at,
      });
    await ctx.repos.audit.record({
      ...base,
      action: "rebound_check",
      entityType: "enterprise",
      entityId: enterprise.id,
      after: { result: rebound ? "反弹" : "无反弹", months: task?.months ?? null },
      note: note || undefined,
    });
    await ctx.repos.persons.setFocus(ctx.person.id, enterprise.id);
    if (rebound) {
      // The checks still ahead watched a closure that no longer stands.
      const later = (await repos.tasks.openTasks({ kind: "rebound" })).filter(
        (t) => t.enterpriseId === enterprise.id,
      );
      await repos.tasks.cancel(
        later.map((t) => t.id),
        "案件反弹重新立案",
      );
      return;
    }
    ctx.reply(
      `✅ 回头看：【${enterprise.caseNo}】${enterprise.name} 无反弹${task ? `（销号后${task.months}个月）` : ""}。\n可接着发送现场照片存入档案。`,
    );
  },
};
