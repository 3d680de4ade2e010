import { ForbiddenError, InputError, NotFoundError } from "../base/errors.js";
import { enterpriseCard, stateLabel } from "../domain/card.js";
import { findCaseNo } from "../domain/case-number.js";
import { TOWN_ROLES } from "../domain/enums.js";
import { historyLine } from "../domain/history.js";
import { type PhotoVerdict, verdictText } from "../domain/photo-proof.js";
import { quoteValue } from "../domain/text-limits.js";
import { toHalfWidth } from "../domain/text-normalize.js";
import { mayRead } from "./case-access.js";
import { photoVerdicts } from "./case-proof.js";
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
      if (matches.length === 0) throw new NotFoundError(`未找到名称含${quoteValue(text)}的企业。`);
      if (matches.length > 1) {
        const lines = matches.slice(0, 10).map((e) => `${e.caseNo} ${e.name} · ${stateLabel(e)}`);
        const more = matches.length > 10 ? "\n……（结果较多，请输入更完整的名称）" : "";
        ctx.reply(
          `找到 ${matches.length > 10 ? "10+" : matches.length} 家：\n${lines.join("\n")}${more}\n发送「查询 编号」查看详情`,
        );
        return;
      }
      enterprise = matches[0];
    }
    if (!enterprise) throw new NotFoundError(`未找到名称含“${text}”的企业。`);
    if (!mayRead(ctx, enterprise)) {
      throw new ForbiddenError(
        `【${enterprise.caseNo}】属于${enterprise.townName}，您只能查看本镇（办）的案件。`,
      );
    }
    await ctx.repos.persons.setFocus(ctx.person.id, enterprise.id);
    const history = await ctx.repos.audit.forEntity("enterprise", enterprise.id);
    const judged = await photoVerdicts(ctx, enterprise);
    const shown = history.slice(-HISTORY_LINES).map(historyLine);
    const skipped = history.length - shown.length;
    ctx.reply(
      [
        enterpriseCard(enterprise),
        ...photoLines(judged, enterprise.caseNo),
        "—— 整治经过 ——",
        ...(skipped > 0 ? [`（前 ${skipped} 条略）`] : []),
        ...shown,
      ].join("\n"),
    );
  },
};

/**
 * How many photos, how many prove the case, and each photo that does not or that a supervisor
 * accepted, with its number for 采信 (the proven ones need no line: replies stay short).
 */
function photoLines(judged: { photo: { seq: number }; verdict: PhotoVerdict }[], caseNo: string): string[] {
  if (judged.length === 0) return ["照片：0 张"];
  const proofs = judged.filter((j) => j.verdict.proves).length;
  const lines = [`照片：${judged.length} 张，可作为整治完成证明的 ${proofs} 张`];
  const noted = judged.filter((j) => !j.verdict.proves || j.verdict.acceptance);
  for (const j of noted.slice(-5)) lines.push(`· 照片${j.photo.seq}${verdictText(j.verdict)}`);
  if (noted.some((j) => !j.verdict.proves && j.verdict.acceptable)) {
    lines.push(`（区督查核实后可发送「采信 ${caseNo} 照片序号 理由」）`);
  }
  return lines;
}
