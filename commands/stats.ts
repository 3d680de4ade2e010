import { today } from "../base/clock.js";
import { NotFoundError } from "../base/errors.js";
import { chineseDate } from "../domain/dates.js";
import { percent } from "../domain/phone-text.js";
import { breakdownLines, progressFigures, summarizeProgress, sumProgress } from "../domain/progress-stats.js";
import { ALL_ROLES, type Command } from "./command.js";

/** 进度 [镇名]: the district by town, or one town by type and requirement. */
export const statsCommand: Command = {
  name: "进度",
  aliases: ["统计"],
  roles: ALL_ROLES,
  summary: "整治进度：各镇（办）总数、完成、销号、逾期、完成率",
  usage: "进度\n进度 古荥镇",
  async run(ctx, args) {
    const day = today(ctx.clock);
    const towns = await ctx.repos.towns.list();
    const townName = args.trim();
    if (townName) {
      const town = await ctx.repos.towns.byName(townName);
      if (!town) throw new NotFoundError(`没有“${townName}”，可查：${towns.map((t) => t.name).join("、")}`);
      const [p] = summarizeProgress(await ctx.repos.enterprises.progressCells(day, town.id), [town]);
      if (!p) throw new Error(`no progress summary for ${town.name}`);
      const lines = [
        `${town.name}整治进度（${chineseDate(day)}）`,
        `总数 ${p.total} · 完成 ${p.finished} · 销号 ${p.closed} · 逾期 ${p.overdue}`,
        `完成率 ${percent(p.finished, p.total)}`,
      ];
      lines.push(...breakdownLines(p));
      if (p.total === 0) lines.push("尚无上报企业。");
      ctx.reply(lines.join("\n"));
      return;
    }
    const rows = summarizeProgress(await ctx.repos.enterprises.progressCells(day), towns);
    ctx.reply(
      [
        `整治进度（${chineseDate(day)}）`,
        `全区：${progressFigures(sumProgress(rows))}`,
        ...rows.map((r) => `${r.townName}：${progressFigures(r)}`),
        "发送「进度 镇名」看分类明细，「挂图」看全貌",
      ].join("\n"),
    );
  },
};
