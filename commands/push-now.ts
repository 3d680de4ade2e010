import { pushNow } from "../scheduler/push-now.js";
import type { Command } from "./command.js";
import { groupCount, jobNamed } from "./push-job.js";

/** 立即推送 周通报: sends this period's push now; the scheduled one of the same period then skips. */
export const pushNowCommand: Command = {
  name: "立即推送",
  roles: ["admin"],
  summary: "立即发送本期定时推送（每期只发一次，定时任务随后不再重复）",
  usage: "立即推送 周通报\n立即推送 报送提醒",
  async run(ctx, args) {
    const { word, job, timezone } = jobNamed(ctx, args, "立即推送");
    const result = await pushNow({ db: ctx.repos.db, job, clock: ctx.clock, timezone });
    if (result.status === "already") {
      const how = result.record?.status === "claimed" ? "正在推送" : "已推送";
      ctx.reply(`本期${word}（${result.period.bucket}）${how}，不再重复发送。`);
      return;
    }
    for (const m of result.messages) ctx.send(m.target, m.message);
    ctx.reply(
      result.messages.length
        ? `✅ 已推送${word}（${result.period.bucket}）：${result.messages.length} 条消息发往 ${groupCount(result.messages)} 个群。`
        : `本期${word}（${result.period.bucket}）没有要发送的内容（或尚无绑定的群），已记为完成。`,
    );
  },
};
