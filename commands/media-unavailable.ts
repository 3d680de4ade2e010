import { shortTime } from "../domain/history.js";
import type { EventHandler } from "./input-handler.js";

/** Longer ago than this, the answer says when the photo was sent (it may be days: see below). */
const RECENT_MS = 10 * 60_000;

/**
 * A photo or file the platform could not hand over (refused, gone, too big, or still not fetched
 * when the platform's reference expired — a WeCom media id after 3 days): the sender learns it did
 * not arrive, instead of silence, and which one when it was not just now.
 */
export const mediaUnavailableHandler: EventHandler = {
  events: ["media_unavailable"],
  async run(ctx) {
    const sent = ctx.message.receivedAt;
    const recent = ctx.clock.now().getTime() - Date.parse(sent) < RECENT_MS;
    const which = recent ? "刚才" : `您${shortTime(sent)}`;
    ctx.reply(`${which}发送的图片或文件未能接收，请重新发送一次。`);
  },
};
