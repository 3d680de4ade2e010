import { figures, percent } from "../../domain/phone-text.js";
import { sampleSize } from "../../domain/sampling.js";
import type { SupervisionPolicy } from "../../domain/supervision-policy.js";
import type { Command } from "../command.js";
import { supervision } from "./supervision-shared.js";

/** 督查进度: how much of the district has been inspected, by town, against the 20 % floor. */
export function createSupervisionProgressCommand(policy: SupervisionPolicy): Command {
  return {
    name: "督查进度",
    roles: ["district_supervisor", "director", "admin"],
    summary: "督查覆盖情况：各镇（办）已督查企业数及比例",
    usage: "督查进度",
    async run(ctx) {
      const repos = supervision(ctx);
      const rows = (await repos.tasks.coverage()).filter((r) => r.total > 0);
      const total = rows.reduce((a, r) => a + r.total, 0);
      if (total === 0) {
        ctx.reply("尚无在册企业。");
        return;
      }
      const inspected = rows.reduce((a, r) => a + r.inspected, 0);
      const open = rows.reduce((a, r) => a + r.openTasks, 0);
      const target = sampleSize(total, policy.minRatio);
      const lines = rows.map(
        (r) =>
          `${r.townName}：${figures([
            ["企业", r.total],
            ["已督查", `${r.inspected}（${percent(r.inspected, r.total)}）`],
            ["待查", r.openTasks],
          ])}`,
      );
      const pct = Math.round(policy.minRatio * 100);
      const verdict =
        inspected >= target
          ? `✅ 已达到不少于${pct}%的要求（${inspected}/${target}）`
          : `距${pct}%的要求还差 ${target - inspected} 家（需 ${target} 家）`;
      const transfers = await repos.transfers.open();
      ctx.reply(
        [
          `督查进度：全区 ${total} 家，已督查 ${inspected} 家（${percent(inspected, total)}），待查 ${open} 家`,
          ...lines,
          verdict,
          `未销号移交问题 ${transfers.length} 件，发送「移交」查看`,
        ].join("\n"),
      );
    },
  };
}
