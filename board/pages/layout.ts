import { html } from "hono/html";
import type { HtmlEscapedString } from "hono/utils/html";

export type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

/** A page's title and its <main>: the whole page on first load, <main> alone on a live refresh. */
export interface BoardPage {
  title: string;
  main: Html;
}

/**
 * The page around every board view: phone viewport, the shipped ECharts and Leaflet (served from
 * node_modules, never a CDN), the board's own script, and where its live updates come from.
 */
export function layout(page: BoardPage, opts: { base?: string; who?: string; mark?: number } = {}): Html {
  return html`<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${page.title}</title>
<link rel="stylesheet" href="/assets/leaflet/leaflet.css">
<link rel="stylesheet" href="/assets/board.css">
</head>
<body${opts.base ? html` data-base="${opts.base}" data-mark="${opts.mark ?? 0}"` : ""}>
<header class="top">
  <a class="brand" href="${opts.base ? `${opts.base}/` : "/"}">挂图作战看板</a>
  ${opts.who ? html`<span class="who">${opts.who}</span>` : ""}
  ${opts.base ? html`<span class="live" id="live" title="有变化时自动刷新">●</span>` : ""}
</header>
<main id="main">${page.main}</main>
${
  opts.base
    ? html`<script src="/assets/echarts.min.js"></script>
<script src="/assets/leaflet/leaflet.js"></script>
<script src="/assets/board.js"></script>`
    : ""
}
</body>
</html>`;
}

/** A link that does not open the board: a plain Chinese page and nothing else. */
export function refusedPage(reason: string): BoardPage {
  const text =
    reason === "expired"
      ? "此看板链接已过期。"
      : reason === "person-gone"
        ? "此看板链接对应的人员已停用。"
        : "此看板链接无效。";
  return {
    title: "看板链接不可用",
    main: html`<section class="refused">
  <h1>${text}</h1>
  <p>请在工作群或私聊中向机器人发送「看板」，获取新的链接。</p>
</section>`,
  };
}

export function notFoundPage(what: string): BoardPage {
  return { title: "未找到", main: html`<section class="refused"><h1>${what}</h1></section>` };
}
