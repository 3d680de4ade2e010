import { html } from "hono/html";
import { chineseDate } from "../../domain/dates.js";
import { breakdownLines, progressFigures, sumProgress } from "../../domain/progress-stats.js";
import type { OverviewData, TownCase } from "../board-data.js";
import type { BoardMapConfig } from "../config.js";
import { mayLedger2, mayTownDossiers, type Viewer } from "../viewer.js";
import type { BoardPage } from "./layout.js";
import { caseLine, changesList, chartSlot, mapSlot, stageBadge } from "./parts.js";

/** The district page: every town's progress (as 进度 says it), the ranking, the wall, overdue, map, news. */
export function districtPage(v: Viewer, d: OverviewData, map: BoardMapConfig): BoardPage {
  const base = v.base;
  return {
    title: "挂图作战 · 全区",
    main: html`<section class="summary">
  <h1>挂图作战 · 全区</h1>
  <p class="as-of">${chineseDate(d.day)}</p>
  <p class="figures" data-figures="全区">全区：${progressFigures(sumProgress(d.progress))}</p>
</section>
<section>
  <h2>各镇（办）进度</h2>
  <ul class="towns">
${d.progress.map(
  (p) =>
    html`<li data-town="${p.townName}"><a href="${base}/town/${p.townId}">${p.townName}</a>：<span class="fig">${progressFigures(p)}</span></li>`,
)}
  </ul>
</section>
<section>
  <h2>完成率排名</h2>
  ${chartSlot(`${base}/chart/ranking`, "各镇（办）完成率排名")}
</section>
<section>
  <h2>挂图</h2>
  ${chartSlot(`${base}/chart/wall`, "全区挂图")}
</section>
${overdueMapAndChanges(base, d, map, d.overdue.length >= 50 ? "50+" : String(d.overdue.length))}
<section>
  <h2>下载</h2>
  <ul class="downloads">
    ${mayLedger2(v) ? html`<li><a href="${base}/files/ledger2">附件2 督查跟踪台账（.xlsx）</a></li>` : ""}
${d.progress.map(
  (p) => html`<li><a href="${base}/files/ledger1/${p.townId}">附件1 ${p.townName}排查台账（.xlsx）</a></li>`,
)}
  </ul>
</section>`,
  };
}

/** The sections the district and a town page share: overdue cases, the map, the latest changes. */
function overdueMapAndChanges(base: string, d: OverviewData, map: BoardMapConfig, overdueCount: string) {
  return html`<section>
  <h2>逾期案件（${overdueCount}）</h2>
  ${d.overdue.length ? html`<ul class="cases">${d.overdue.map((e) => caseLine(base, e, d.day, e.state))}</ul>` : html`<p class="muted">暂无逾期案件。</p>`}
</section>
<section>
  <h2>地图</h2>
  ${mapSlot(d.points, map, base)}
</section>
<section>
  <h2>最新动态</h2>
  ${changesList(base, d.changes)}
</section>`;
}

/** One town: its progress by type and requirement, the wall with every case, the case list, map, news. */
export function townPage(v: Viewer, d: OverviewData, cases: TownCase[], map: BoardMapConfig): BoardPage {
  const base = v.base;
  const p = d.progress[0];
  if (!p) throw new Error("town page without the town's progress summary");
  const breakdown = breakdownLines(p);
  return {
    title: `挂图作战 · ${p.townName}`,
    main: html`<section class="summary">
  <h1>挂图作战 · ${p.townName}</h1>
  <p class="as-of">${chineseDate(d.day)}${v.town ? "" : html` · <a href="${base}/">返回全区</a>`}</p>
  <p class="figures" data-figures="${p.townName}">${p.townName}：${progressFigures(p)}</p>
  ${breakdown.length ? html`<ul class="breakdown">${breakdown.map((b) => html`<li>${b}</li>`)}</ul>` : ""}
</section>
<section>
  <h2>挂图</h2>
  ${chartSlot(`${base}/chart/wall?town=${p.townId}`, `${p.townName}挂图`)}
</section>
<section>
  <h2>全部案件（${cases.length}）</h2>
  ${
    cases.length
      ? html`<ul class="cases">${cases.map(
          (c) => html`<li class="case" data-case="${c.enterprise.caseNo}">
  <a href="${base}/case/${c.enterprise.caseNo}">${c.enterprise.caseNo}</a> ${c.enterprise.name} ${stageBadge(c.stage, c.overdue)}
  <span class="muted">${c.enterprise.state} · 期限${chineseDate(c.enterprise.deadline)} · 分包责任人：${c.enterprise.responsible}</span>
</li>`,
        )}</ul>`
      : html`<p class="muted">尚无上报企业。</p>`
  }
</section>
${overdueMapAndChanges(base, d, map, String(d.overdue.length))}
<section>
  <h2>下载</h2>
  <ul class="downloads">
    <li><a href="${base}/files/ledger1/${p.townId}">附件1 ${p.townName}排查台账（.xlsx）</a></li>
    ${mayTownDossiers(v) ? html`<li><a href="${base}/files/dossiers/${p.townId}">${p.townName}一企一档（.zip）</a></li>` : ""}
  </ul>
</section>`,
  };
}
