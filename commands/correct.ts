import { today } from "../base/clock.js";
import { ConflictError, InputError, NotFoundError } from "../base/errors.js";
import { extractCaseNo } from "../domain/case-number.js";
import { valueText } from "../domain/dates.js";
import type { Enterprise } from "../domain/enterprise.js";
import { INITIAL_STATE } from "../domain/enums.js";
import { FIELD_LABEL, type RawReportFields, type ReportFieldKey } from "../domain/report-fields.js";
import { parseReportFields } from "../domain/report-parser.js";
import { type EnterpriseReport, validateReport } from "../domain/report-schema.js";
import { enterpriseNameKey } from "../domain/text-normalize.js";
import type { EnterprisePatch, EnterpriseRow } from "../storage/enterprise-row.js";
import { auditBase } from "./audit-base.js";
import { assertMayCorrect, assertOnFile } from "./case-access.js";
import { type Command, REPORTERS } from "./command.js";
import type { KnownContext } from "./context.js";

const USAGE = "更正 GY-0007 整治期限：4月30日\n更正 GY-0007 企业名称：黄河塑料厂 分包责任人：李四";

/** The fields 更正 may change, with the column each is stored in. 镇（办） is not one: it numbers the case. */
const COLUMNS: Partial<Record<ReportFieldKey, keyof EnterpriseRow & string>> = {
  name: "name",
  village: "village",
  type: "type",
  scale: "scale",
  materials: "materials",
  waterAir: "water_air",
  permits: "permits",
  requirement: "requirement",
  deadline: "deadline",
  responsible: "responsible",
  remarks: "remarks",
};

/** The case as the report's raw fields, so a correction is checked by the same rules as a report. */
function asFields(e: Enterprise): RawReportFields {
  return {
    name: e.name,
    village: e.village,
    type: e.type,
    scale: e.scale,
    materials: e.materials,
    waterAir: e.waterAir,
    permits: e.permits,
    requirement: e.requirement,
    deadline: e.deadline,
    responsible: e.responsible,
    remarks: e.remarks ?? undefined,
  };
}

/** The case a correction or withdrawal names: the case number must be written, never guessed. */
export async function namedCase(ctx: KnownContext, args: string, usage: string) {
  const { caseNo, rest } = extractCaseNo(args);
  if (!caseNo) throw new InputError(`请写明案件编号，例如：\n${usage}`);
  const enterprise = await ctx.repos.enterprises.byCaseNo(caseNo);
  if (!enterprise) throw new NotFoundError(`未找到案件 ${caseNo}，请核对编号。`);
  return { enterprise, rest };
}

/**
 * 更正 <编号> 字段：值 — a mistake in a report is corrected, never silently changed: the same checks as
 * 上报 (a past 整治期限 refused), the values before and after in the audit and in 查询's history.
 */
export const correctCommand: Command = {
  name: "更正",
  aliases: ["修改"],
  roles: REPORTERS,
  summary: "更正案件登记信息（镇管理员本镇、区督查；上报人24小时内），前后值留痕",
  usage: USAGE,
  async run(ctx, args) {
    const { enterprise: e, rest } = await namedCase(ctx, args, USAGE);
    assertOnFile(e);
    assertMayCorrect(ctx, e, "更正");
    const { fields, leftover } = parseReportFields(rest);
    const keys = Object.keys(fields) as ReportFieldKey[];
    if (keys.length === 0) throw new InputError(`请按「字段：新内容」写明要更正的项，例如：\n${USAGE}`);
    if (leftover.length > 200) throw new InputError("更正说明请不超过200字。");
    if (keys.includes("town"))
      throw new InputError(
        "镇（办）不能更正：案件编号按镇（办）编排。如报错了镇（办），请「撤回」后由所属镇（办）重新上报。",
      );
    const day = today(ctx.clock);
    const corrected: RawReportFields = { ...asFields(e) };
    for (const k of keys) corrected[k] = fields[k];
    if (fields.remarks === "") delete corrected.remarks;
    const v = validateReport(corrected, ctx.settings.campaignYear, fields.deadline ? { notBefore: day } : {});
    if (!v.ok) {
      const mine = v.errors.filter((err) => keys.includes(err.field));
      const shown = mine.length ? mine : v.errors;
      throw new InputError(["未更正：", ...shown.map((err) => `· ${err.label}：${err.message}`)].join("\n"));
    }
    const report: EnterpriseReport = v.report;
    const before: Record<string, string> = {};
    const after: Record<string, string> = {};
    const patch: EnterprisePatch = {};
    for (const k of keys) {
      const column = COLUMNS[k];
      if (!column) continue;
      const was = (asFields(e)[k] ?? "") as string;
      const now = ((report as unknown as Record<string, string | undefined>)[k] ?? "") as string;
      if (was === now) continue;
      before[FIELD_LABEL[k]] = was;
      after[FIELD_LABEL[k]] = now;
      (patch as Record<string, unknown>)[column] = now === "" ? null : now;
    }
    if (Object.keys(after).length === 0) {
      ctx.reply(`【${e.caseNo}】登记信息与所写一致，无需更正。`);
      return;
    }
    if (patch.requirement && e.state !== INITIAL_STATE) {
      throw new ConflictError(
        `【${e.caseNo}】已有进展（${e.state}），整治要求不能更正。如确属报错，请「撤回」后重新上报。`,
      );
    }
    if (patch.name) {
      const key = enterpriseNameKey(report.name);
      const same = await ctx.repos.enterprises.findByNameKey(e.townId, key);
      if (same && same.id !== e.id)
        throw new ConflictError(`未更正：${e.townName}已有同名企业【${same.caseNo}】${same.name}。`);
      patch.name_key = key;
    }
    const audit = auditBase(ctx);
    patch.updated_at = audit.at;
    const updated = await ctx.repos.enterprises.update(e.id, patch);
    await ctx.repos.audit.record({
      ...audit,
      action: "correct",
      entityType: "enterprise",
      entityId: e.id,
      before,
      after,
      note: leftover || undefined,
    });
    await ctx.repos.persons.setFocus(ctx.person.id, e.id);
    ctx.reply(
      [
        `✏️ 已更正【${updated.caseNo}】${updated.name}`,
        ...Object.keys(after).map(
          (label) =>
            `· ${label}：${valueText(before[label] ?? "") || "（空）"} → ${valueText(after[label] ?? "") || "（空）"}`,
        ),
        `更正前后已记入整治经过（「查询 ${updated.caseNo}」可查）。`,
      ].join("\n"),
    );
  },
};
