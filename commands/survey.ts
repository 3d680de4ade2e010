import { InputError } from "../base/errors.js";
import { toHalfWidth } from "../domain/text-normalize.js";
import { createSurveyRepo } from "../storage/survey-repo.js";
import { auditBase } from "./audit-base.js";
import type { Command } from "./command.js";
import { submissionDay, submissionTown } from "./submission-town.js";

const USAGE = "排查完成 23";

/**
 * 排查完成 <家数>: the town's admin declares its investigation done (2月28日前完成排查), with how many
 * enterprises it found; the bulletins name the towns that have not. Said again, the count is replaced
 * (audited before/after).
 */
export const surveyDoneCommand: Command = {
  name: "排查完成",
  roles: ["town_admin", "admin"],
  summary: "报告本镇（办）排查工作完成及排查企业数（2月28日前）",
  usage: USAGE,
  async run(ctx, args) {
    const m = /^(\d{1,6})\s*家?$/.exec(toHalfWidth(args).trim());
    if (!m) throw new InputError(`请写明排查出的企业数，例如：${USAGE}`);
    const found = Number(m[1]);
    const town = await submissionTown(ctx, "报告排查完成");
    const { now, today } = submissionDay(ctx);
    const repo = createSurveyRepo(ctx.repos.db);
    const before = await repo.of(town.id);
    await repo.declare({
      townId: town.id,
      found,
      declaredAt: now,
      declaredOn: today,
      personId: ctx.person.id,
    });
    await ctx.repos.audit.record({
      ...auditBase(ctx, now),
      action: "survey_done",
      entityType: "town",
      entityId: town.id,
      before: before ? { found: before.found, declaredOn: before.declaredOn } : null,
      after: { found, declaredOn: today },
    });
    const onFile = (await ctx.repos.enterprises.listByTown(town.id)).length;
    const lines = [`✅ 已记录：${town.name}排查完成，排查出 ${found} 家（在册 ${onFile} 家）。`];
    if (found > onFile) {
      lines.push(`⚠️ 尚有 ${found - onFile} 家未上报：发现一家、上报一家，请尽快上报。`);
    }
    if (before) lines.push(`（原报 ${before.found} 家，${before.declaredOn}）`);
    ctx.reply(lines.join("\n"));
  },
};
