import { signBoardToken } from "../base/board-link.js";
import { dateInZone } from "../base/zoned-time.js";
import { chineseDate } from "../domain/dates.js";
import { ALL_ROLES, type Command } from "./command.js";
import { wallScope } from "./wall-scope.js";

const TZ = "Asia/Shanghai";

function clockText(at: Date): string {
  const hm = new Intl.DateTimeFormat("en-GB", { timeZone: TZ, hour: "2-digit", minute: "2-digit" }).format(
    at,
  );
  return `${chineseDate(dateInZone(at, TZ))} ${hm}`;
}

/**
 * 看板 [镇名]: a personal, signed link to the web board that expires. What it shows is scoped like
 * 挂图: a town's people see their town, district roles and leaders the district (or the town named).
 */
export const boardLinkCommand: Command = {
  name: "看板",
  roles: ALL_ROLES,
  summary: "挂图作战网页看板：个人专用链接，限时有效",
  usage: "看板\n看板 古荥镇",
  async run(ctx, args) {
    const board = ctx.settings.board;
    if (!board) {
      ctx.reply("网页看板未开启，请联系管理员。可发送「挂图」查看图片版。");
      return;
    }
    const town = await wallScope(ctx, args);
    const expiresAt = ctx.clock.now().getTime() + board.linkTtlMs;
    const token = signBoardToken({ personId: ctx.person.id, expiresAt }, board.secret);
    const page = town ? `/town/${town.id}` : "/";
    const hours = Math.round(board.linkTtlMs / 3_600_000);
    ctx.reply(
      [
        `挂图作战看板（${town?.name ?? "全区"}）：`,
        `${board.publicUrl}/b/${token}${page}`,
        `此链接仅供${ctx.person.name}本人使用，${hours > 0 ? `${hours}小时` : "短时间"}内有效（至 ${clockText(new Date(expiresAt))}），请勿转发。`,
      ].join("\n"),
    );
  },
};
