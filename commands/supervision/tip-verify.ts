import { ConflictError, ForbiddenError, InputError, NotFoundError } from "../../base/errors.js";
import { extractCaseNo } from "../../domain/case-number.js";
import { TOWN_ROLES } from "../../domain/enums.js";
import type { RawReportFields } from "../../domain/report-fields.js";
import { parseReportFields } from "../../domain/report-parser.js";
import { extractSerialNo, TIP_PREFIX } from "../../domain/supervision-transfer.js";
import { toHalfWidth } from "../../domain/text-normalize.js";
import { auditBase } from "../audit-base.js";
import { assertMayChange } from "../case-access.js";
import type { Command } from "../command.js";
import { advanceDraft, mergeFields } from "../report-flow.js";
import { sendText, supervision } from "./supervision-shared.js";
import { linkTipToEnterprise } from "./tip-link.js";

/**
 * 核实 XS-0003 属实 | 不属实 <理由>: the town's verdict on a tip. 属实 starts an enterprise report
 * pre-filled from the tip (the usual draft flow finishes it); 属实 GY-0007 links a case on file.
 */
export const tipVerifyCommand: Command = {
  name: "核实",
  roles: ["inspector", "town_admin", "district_supervisor"],
  summary: "核实举报线索：属实转为企业上报，不属实注明理由",
  usage: "核实 XS-0003 属实\n核实 XS-0003 不属实 现场为正规汽修厂，手续齐全",
  async run(ctx, args) {
    const { no, rest } = extractSerialNo(args, TIP_PREFIX);
    if (!no) throw new InputError(`请写明线索编号，例如：${this.usage.split("\n")[0]}`);
    const repos = supervision(ctx);
    const tip = await repos.tips.byNo(no);
    if (!tip) throw new NotFoundError(`未找到线索 ${no}，发送「线索」查看待核实线索。`);
    if (TOWN_ROLES.includes(ctx.person.role) && ctx.person.townId !== tip.townId)
      throw new ForbiddenError(`线索 ${no} 由${tip.townName}核实，您只能核实本镇（办）的线索。`);
    const base = auditBase(ctx);
    const verdict = /^不属实|^不实|^虚假/.test(rest)
      ? "rejected"
      : /^属实|^确认/.test(rest)
        ? "confirmed"
        : null;
    if (!verdict) throw new InputError(`请写明核实结果，例如：\n核实 ${no} 属实\n核实 ${no} 不属实 理由`);
    const detail = rest.replace(/^(不属实|不实|虚假|属实|确认)[\s,，。:：]*/, "");
    if (
      tip.status === "rejected" ||
      (tip.status === "confirmed" && (verdict === "rejected" || tip.enterpriseId))
    )
      throw new ConflictError(
        `线索 ${no} 已核实（${tip.status === "rejected" ? "不属实" : "属实"}），无需重复核实。`,
      );

    if (verdict === "rejected") {
      if (!detail) throw new InputError(`请说明不属实的理由，例如：核实 ${no} 不属实 现场为正规企业`);
      await repos.tips.verify(tip.id, { status: "rejected", reason: detail, by: ctx.person.id, at: base.at });
      await ctx.repos.audit.record({
        ...base,
        action: "tip_verify",
        entityType: "tip",
        entityId: tip.id,
        after: { status: "不属实" },
        note: detail,
      });
      const text = `线索 ${no}（${tip.place}）核实不属实，已办结。理由：${detail}`;
      if (tip.registeredBy && tip.registeredBy !== ctx.person.id)
        sendText(
          ctx,
          (await repos.targets.privateTargets([tip.registeredBy])).get(tip.registeredBy) ?? [],
          text,
        );
      ctx.reply(`✅ ${text}`);
      return;
    }

    if (tip.status === "open") {
      await repos.tips.verify(tip.id, { status: "confirmed", reason: null, by: ctx.person.id, at: base.at });
      await ctx.repos.audit.record({
        ...base,
        action: "tip_verify",
        entityType: "tip",
        entityId: tip.id,
        after: { status: "属实" },
        note: detail || undefined,
      });
    }
    const { caseNo, rest: fieldsText } = extractCaseNo(detail);
    // 属实 GY-0007: the tip is about a case on file (the number comes first, before any report fields).
    if (caseNo && /^[A-Za-z]{1,6}[-_]?\d/.test(toHalfWidth(detail).replace(/－/g, "-"))) {
      const enterprise = await ctx.repos.enterprises.byCaseNo(caseNo);
      if (!enterprise) throw new NotFoundError(`未找到案件 ${caseNo}。`);
      assertMayChange(ctx, enterprise);
      ctx.reply(`✅ 线索 ${no} 核实属实，系在册企业【${enterprise.caseNo}】${enterprise.name}。`);
      await linkTipToEnterprise(ctx, enterprise, no);
      await ctx.repos.persons.setFocus(ctx.person.id, enterprise.id);
      return;
    }
    // A new enterprise: the usual report flow, pre-filled with what the tip says.
    const prefill: RawReportFields = {
      town: tip.townName,
      village: tip.place,
      remarks: `${tip.source}举报线索 ${tip.tipNo}：${tip.description}`.slice(0, 200),
    };
    const draft = await ctx.repos.drafts.get(ctx.person.id, ctx.chatKey);
    const start = draft?.fields.remarks?.includes(tip.tipNo) ? mergeFields(prefill, draft.fields) : prefill;
    ctx.reply(
      `✅ 线索 ${no} 核实属实，转为企业上报（已预填 镇（办）、所在村组、备注；请保留备注中的线索编号）。`,
    );
    await repos.tips.setFocus(ctx.person.id, tip.id, base.at);
    await advanceDraft(ctx, mergeFields(start, parseReportFields(fieldsText).fields), false);
  },
};
