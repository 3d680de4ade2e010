import { html } from "hono/html";
import type { CaseStage } from "../../domain/case-stage.js";
import { chineseDate } from "../../domain/dates.js";
import type { Enterprise } from "../../domain/enterprise.js";
import { historyLine } from "../../domain/history.js";
import { STAGE_COLORS } from "../../reports/chart/wall-chart.js";
import type { CaseChange } from "../../storage/board-repo.js";
import type { MapPoint } from "../board-data.js";
import type { BoardMapConfig } from "../config.js";

/** Pieces every board page uses: a chart slot, the map, case lines, the latest changes. */

/** A chart the browser draws from the definition the server gives for its width (ECharts). */
export const chartSlot = (src: string, label: string) =>
  html`<div class="chart" data-chart="${src}" role="img" aria-label="${label}"></div>`;

/** The map: tiles when configured, else the points on a plain background. */
export function mapSlot(points: MapPoint[], map: BoardMapConfig, base: string) {
  if (points.length === 0)
    return html`<p class="muted">尚无已标注位置的企业（在聊天中发送位置即可标注）。</p>`;
  const tiles = map.tileUrl
    ? JSON.stringify({ url: map.tileUrl, subdomains: map.subdomains, attribution: map.attribution })
    : "";
  return html`<div class="map" data-points="${JSON.stringify(points)}" data-tiles="${tiles}" data-case-base="${base}/case/"></div>`;
}

export const stageBadge = (stage: CaseStage, overdue: boolean) =>
  html`<span class="badge" style="background:${STAGE_COLORS[stage]}">${stage}</span>${overdue ? html`<span class="badge overdue">逾期</span>` : ""}`;

export function caseLine(base: string, e: Enterprise, day: string, extra?: string) {
  return html`<li class="case" data-case="${e.caseNo}">
  <a href="${base}/case/${e.caseNo}">${e.caseNo}</a> ${e.name}
  <span class="muted">${e.townName} · ${e.requirement} · 期限${chineseDate(e.deadline)}${
    e.deadline < day && !e.closedAt ? ` · 已逾期` : ""
  }${extra ? ` · ${extra}` : ""} · 分包责任人：${e.responsible}</span>
</li>`;
}

export function changesList(base: string, changes: CaseChange[]) {
  if (changes.length === 0) return html`<p class="muted">暂无动态。</p>`;
  return html`<ul class="changes">
${changes.map(
  (c) =>
    html`<li><a href="${base}/case/${c.caseNo}">${c.caseNo}</a> ${c.enterpriseName}<br><span class="muted">${historyLine(c)}</span></li>`,
)}
</ul>`;
}
