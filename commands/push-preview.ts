import { previewPush } from "../scheduler/period-run.js";
import type { Command } from "./command.js";
import { groupCount, jobNamed } from "./push-job.js";

const SHOWN = 3;

/** 推送预览 周通报: shows here what a push would send, without sending it anywhere. */
export const pushPreviewCommand: Command = {
  name: "推送预览",
  roles: ["admin", "director", "district_supervisor"],
  summary: "预览定时推送的内容（周通报、月小结、报送提醒、期限提醒等），不实际发送",
  usage: "推送预览 周通报\n推送预览 月小结",
  async run(ctx, args) {
    const { word, job, timezone } = jobNamed(ctx, args, "推送预览");
    const messages = await previewPush({ job, clock: ctx.clock, timezone });
    if (messages.length === 0) {
      ctx.reply(`推送预览：${word}现在没有要发送的内容（或尚无绑定的群）。`);
      return;
    }
    ctx.reply(
      `推送预览：${word}将向 ${groupCount(messages)} 个群发送 ${messages.length} 条消息，以下为示例：`,
    );
    const seen = new Set<string>();
    for (const m of messages) {
      const key =
        m.message.kind === "image" ? "image" : "text" in m.message ? m.message.text : m.message.kind;
      if (seen.has(key) || seen.size >= SHOWN) continue;
      seen.add(key);
      ctx.replyWith(m.message);
    }
  },
};
