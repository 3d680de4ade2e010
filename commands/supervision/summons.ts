import { today } from "../../base/clock.js";
import { ForbiddenError, InputError, NotFoundError } from "../../base/errors.js";
import { findCaseNo } from "../../domain/case-number.js";
import { extractSerialNo, TRANSFER_PREFIX } from "../../domain/supervision-transfer.js";
import { quoteValue } from "../../domain/text-limits.js";
import {
  summonsItems,
  summonsParts,
  summonsReportText,
  summonsTownNotice,
} from "../../scheduler/supervision/summons-report.js";
import type { Escalation } from "../../storage/supervision-escalations-repo.js";
import { auditBase } from "../audit-base.js";
import type { Command } from "../command.js";
import type { KnownContext } from "../context.js";
import { supervision } from "./supervision-shared.js";

const USAGE = "约谈\n约谈 确认 古荥镇\n约谈 不报 古荥镇 已当面督办，限期三日";
const CONFIRM = ["确认", "同意", "报送"];
const DECLINE = ["不报", "不予", "驳回"];

/** The proposals a word names: a town, a case (GY-0007), a transfer (YJ-0001), or 全部. */
async function pick(ctx: KnownContext, word: string): Promise<Escalation[]> {
  const sv = supervision(ctx);
  const all = await sv.escalations.proposed();
  if (word === "全部") return all;
  const town = await ctx.repos.towns.byName(word);
  if (town) return all.filter((s) => s.townId === town.id);
  const { no } = extractSerialNo(word, TRANSFER_PREFIX);
  if (no) {
    const t = await sv.transfers.byNo(no);
    return all.filter((s) => t && s.subjectType === "transfer" && s.subjectId === t.id);
  }
  const caseNo = findCaseNo(word);
  if (caseNo) return all.filter((s) => s.caseNo === caseNo);
  throw new InputError(`请写明镇（办）、案件编号或“全部”，例如：\n${USAGE}`);
}

/**
 * 约谈: the escalation ladder proposes a report to 区大气办 (建议约谈) for cases still overdue after the
 * 限期整治 notice; a district supervisor decides. 约谈 lists what waits; 约谈 确认 <镇名> sends the report
 * to the district and leadership groups and tells the town; 约谈 不报 <镇名> <理由> records that it is
 * not sent. Each decision is audited on the enterprise, with who decided.
 */
export const summonsCommand: Command = {
  name: "约谈",
  roles: ["district_supervisor", "director", "admin"],
  summary: "约谈建议：区督查确认后报区大气办（或决定不报）",
  usage: USAGE,
  async run(ctx, args) {
    const [verb = "", word = "", ...rest] = args.trim().split(/\s+/);
    const sv = supervision(ctx);
    if (!verb) {
      const waiting = await sv.escalations.proposed();
      if (waiting.length === 0) {
        ctx.reply("暂无待确认的约谈建议。");
        return;
      }
      const byTown = new Map<string, Escalation[]>();
      for (const s of waiting) byTown.set(s.townName, [...(byTown.get(s.townName) ?? []), s]);
      const lines = [...byTown].map(
        ([town, list]) => `${town} ${list.length} 项（${list.map((s) => s.caseNo).join("、")}）`,
      );
      ctx.reply(
        [
          "待区督查确认的约谈建议：",
          ...lines,
          "确认：约谈 确认 镇名（报区大气办）；不报：约谈 不报 镇名 理由",
        ].join("\n"),
      );
      return;
    }
    const confirm = CONFIRM.includes(verb);
    if (!confirm && !DECLINE.includes(verb)) throw new InputError(`格式：\n${USAGE}`);
    if (ctx.person.role !== "district_supervisor")
      throw new ForbiddenError("约谈建议由区督查确认或决定不报。");
    if (!word) throw new InputError(`请写明镇（办），例如：\n${USAGE}`);
    const chosen = await pick(ctx, word);
    if (chosen.length === 0)
      throw new NotFoundError(`${quoteValue(word)}没有待确认的约谈建议，发送「约谈」查看。`);
    const reason = rest.join(" ").trim();
    if (!confirm && !reason) throw new InputError(`请写明不报的理由，例如：约谈 不报 ${word} 已当面督办`);
    if (reason.length > 200) throw new InputError("理由请不超过200字。");
    const base = auditBase(ctx);
    const decided = new Set(
      await sv.escalations.decide(
        chosen.map((s) => s.id),
        { status: confirm ? "confirmed" : "declined", by: ctx.person.id, at: base.at, note: reason || null },
      ),
    );
    const steps = chosen.filter((s) => decided.has(s.id));
    for (const s of steps) {
      await ctx.repos.audit.record({
        ...base,
        action: confirm ? "summons_confirm" : "summons_decline",
        entityType: "enterprise",
        entityId: s.enterpriseId,
        after: { escalation: s.id, status: confirm ? "confirmed" : "declined" },
        note: reason || undefined,
      });
    }
    const byTown = new Map<number, Escalation[]>();
    for (const s of steps) byTown.set(s.townId, [...(byTown.get(s.townId) ?? []), s]);
    const day = today(ctx.clock);
    const lines: string[] = [];
    for (const [townId, list] of byTown) {
      const townName = list[0]?.townName ?? "";
      if (!confirm) {
        lines.push(`${townName} ${list.length} 项不报区大气办（理由：${reason}）。`);
        continue;
      }
      const parts = await summonsParts(ctx.repos, await summonsItems(ctx.repos, sv, list), day);
      const report = summonsReportText(townName, parts, ctx.person.name);
      const air = await sv.targets.airOfficeTargets();
      for (const target of air) ctx.send(target, { kind: "text", text: report });
      for (const target of await sv.targets.townTargets(townId))
        ctx.send(target, { kind: "text", text: summonsTownNotice(townName, list.length) });
      lines.push(
        `${townName} ${list.length} 项已报区大气办建议约谈${air.length ? "（已发区级群、领导群）" : "（⚠️ 尚未绑定区级群或领导群）"}，并通知${townName}。`,
      );
    }
    ctx.reply([confirm ? "✅ 已确认约谈建议：" : "已记录：", ...lines].join("\n"));
  },
};
