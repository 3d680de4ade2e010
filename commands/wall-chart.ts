import { today } from "../base/clock.js";
import { chineseDate } from "../domain/dates.js";
import { chartPngs } from "../reports/chart/echarts-render.js";
import { wallChartPages } from "../reports/chart/wall-chart.js";
import { loadWallChart } from "../reports/chart/wall-chart-data.js";
import { ALL_ROLES, type Command } from "./command.js";
import { wallScope } from "./wall-scope.js";

/** 挂图 [镇名]: the wall chart as pictures — the district's towns, or one town's cases by number and name. */
export const wallChartCommand: Command = {
  name: "挂图",
  roles: ALL_ROLES,
  summary: "挂图作战：每家企业一格，按整治情况着色，已销号划掉",
  usage: "挂图\n挂图 古荥镇",
  async run(ctx, args) {
    const town = await wallScope(ctx, args);
    const day = today(ctx.clock);
    const wall = await loadWallChart(ctx.repos, { today: day, town });
    const pages = wallChartPages(wall);
    let n = 0;
    for await (const { png } of chartPngs(pages)) {
      const suffix = pages.length > 1 ? `-${++n}` : "";
      ctx.replyWith({ kind: "image", bytes: png, fileName: `挂图-${wall.scope}-${day}${suffix}.png` });
    }
    const more = pages.length > 1 ? `，共 ${pages.length} 张` : "";
    ctx.reply(`挂图作战 · ${wall.scope}（${chineseDate(day)}）${more}。发送「看板」获取网页版链接。`);
  },
};
