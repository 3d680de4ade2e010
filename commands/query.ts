import { ForbiddenError, InputError, NotFoundError } from "../base/errors.js";
import { enterpriseCard, stateLabel } from "../domain/card.js";
import { findCaseNo } from "../domain/case-number.js";
import { TOWN_ROLES } from "../domain/enums.js";
import { historyLine } from "../domain/history.js";
import { toHalfWidth } from "../domain/text-normalize.js";
import { mayRead } from "./case-access.js";
import { ALL_ROLES, type Command } from "./command.js";

const HISTORY_LINES = 8;

/** 查询: one enterprise's card and history, by case number or part of its name. */
export const queryCommand: Command = {
  name: "查询",
  aliases: ["查"],
  roles: ALL_ROLES,
  summary: "查看一家企业的档案和整治经过",
  usage: "查询 GY-0007\n查询 黄河塑料",
  async run(ctx, args) {
    const text = toHalfWidth(args).trim();
    if (!text) throw new InputError("请写明案件编号或企业名称，例如：查询 GY-0007");
    const caseNo = findCaseNo(text);
    const ownTown = TOWN_ROLES.includes(ctx.person.role) ? (ctx.person.townId ?? undefined) : undefined;
    let enterprise = caseNo ? await ctx.repos.enterprises.byCaseNo(caseNo) : undefined;
    if (caseNo && !enterprise) throw new NotFoundError(`未找到案件 ${caseNo}。`);
    if (!enterprise) {
      const matches = await ctx.repos.enterprises.searchByName(text, 11, ownTown);
      if (matches.length === 0) throw new NotFoundError(`未找到名称含“${text}”的企业。`);
      if (matches.length > 1) {
        const lines = matches.slice(0, 10).map((e) => `${e.caseNo} ${e.name} · ${stateLabel(e)}`);
        const more = matches.length > 10 ? "\n……（结果较多，请输入更完整的名称）" : "";
        ctx.reply(
          `找到 ${matches.length > 10 ? "10+" : matches.length} 家：\n${lines.join("\n")}${more}\n发送「查询 编号」查看详情`,
        );
        return;
      }
      enterprise = matches[0]!;
    }
    if (!mayRead(ctx, enterprise)) {
      throw new ForbiddenError(
        `【${enterprise.caseNo}】属于${enterprise.townName}，您只能查看本镇（办）的案件。`,
      );
    }
    await ctx.repos.persons.setFocus(ctx.person.id, enterprise.id);
    const history = await ctx.repos.audit.forEntity("enterprise", enterprise.id);
    const photos = await ctx.repos.photos.forEnterprise(enterprise.id);
    const shown = history.slice(-HISTORY_LINES).map(historyLine);
    const skipped = history.length - shown.length;
    const reused = photos.filter((p) => p.reused).length;
    ctx.reply(
      [
        enterpriseCard(enterprise),
        `照片：${photos.length} 张${reused ? `（⚠️ ${reused} 张与其他企业重复）` : ""}`,
        "—— 整治经过 ——",
        ...(skipped > 0 ? [`（前 ${skipped} 条略）`] : []),
        ...shown,
      ].join("\n"),
    );
  },
};
