import type { EventHandler } from "./input-handler.js";

/**
 * A photo or file the platform could not hand over (Telegram refused the download, the file is
 * gone or too big): the sender learns it did not arrive, instead of silence.
 */
export const mediaUnavailableHandler: EventHandler = {
  events: ["media_unavailable"],
  async run(ctx) {
    ctx.reply("刚才发送的图片或文件未能接收，请重新发送一次。");
  },
};
