import { html } from "hono/html";
import { stateLabel } from "../../domain/card.js";
import { chineseDate } from "../../domain/dates.js";
import { verdictText } from "../../domain/photo-proof.js";
import { formatExifTime, formatPlace, formatTime } from "../../reports/dossier/photo-evidence.js";
import type { CaseData } from "../board-data.js";
import type { BoardMapConfig } from "../config.js";
import type { Viewer } from "../viewer.js";
import type { BoardPage } from "./layout.js";
import { mapSlot, stageBadge } from "./parts.js";

/** One enterprise's file: the card, its history, its photos with the evidence verdict, its place. */
export function casePage(v: Viewer, d: CaseData, map: BoardMapConfig): BoardPage {
  const e = d.enterprise;
  const base = v.base;
  const field = (label: string, value: string) => html`<div><dt>${label}</dt><dd>${value}</dd></div>`;
  return {
    title: `${e.caseNo} ${e.name}`,
    main: html`<section class="summary">
  <h1>${e.caseNo} ${e.name}</h1>
  <p class="as-of"><a href="${base}/town/${e.townId}">${e.townName}</a> · ${stageBadge(d.stage, d.overdue)}</p>
</section>
<section>
  <h2>一企一档</h2>
  <dl class="card">
    ${field("镇（办）", `${e.townName} · ${e.village}`)}
    ${field("企业类型", e.type)}
    ${field("企业规模", e.scale)}
    ${field("原辅材料", e.materials)}
    ${field("涉水涉气", e.waterAir)}
    ${field("有无手续", e.permits)}
    ${field("整治要求", e.requirement)}
    ${field("上报时间", chineseDate(e.reportedOn))}
    ${field("整治期限", chineseDate(e.deadline))}
    ${field("分包责任人", e.responsible)}
    ${field("完成情况", stateLabel(e))}
    ${e.remarks ? field("备注", e.remarks) : ""}
  </dl>
  <p><a class="button" href="${base}/files/dossier/${e.caseNo}">下载一企一档（PDF）</a></p>
</section>
<section>
  <h2>现场照片（${d.photos.length}）</h2>
  ${
    d.photos.length
      ? html`<ul class="photos">${d.photos.map(
          (p) => html`<li class="photo" data-photo="${p.index}">
  <a href="${base}/case/${e.caseNo}/photo/${p.index}"><img src="${base}/case/${e.caseNo}/photo/${p.index}" alt="照片${p.index}" loading="lazy"></a>
  <p class="verdict ${p.verdict.proves ? "proof" : "not-proof"}">${verdictText(p.verdict)}</p>
  ${p.verdict.acceptance ? p.verdict.flaws.map((f) => html`<p class="note">规则认定：${f.text}</p>`) : ""}
  <p class="muted">收到：${formatTime(p.photo.attachedAt)}${p.photo.personName ? ` · ${p.photo.personName}` : ""}<br>${formatExifTime(p.photo.takenAt)}<br>${formatPlace(p.photo.gps)}</p>
</li>`,
        )}</ul>`
      : html`<p class="muted">尚无照片。</p>`
  }
</section>
<section>
  <h2>位置</h2>
  ${
    e.siteLat !== null && e.siteLng !== null
      ? html`<p class="muted">厂址：${formatPlace({ lat: e.siteLat, lng: e.siteLng }).replace("拍摄地点：", "")}</p>`
      : html`<p class="muted">厂址位置未标注。</p>`
  }
  ${d.points.length ? mapSlot(d.points, map, base) : ""}
</section>
<section>
  <h2>整治经过</h2>
  <ol class="history">${d.history.map((h) => html`<li>${h}</li>`)}</ol>
</section>`,
  };
}
