import { createTextDrawer } from "./chart-text.js";

/**
 * Replaces every `<text>` of an SVG written by ECharts' server-side renderer with glyph outlines from
 * the shipped CJK font (chart-text.ts). resvg can draw the <text> itself, but with a 10 MB CJK font it
 * spends about 36 ms on each text element (measured: 200 labels took 7.5 s); outlines placed with <use>
 * draw a whole wall chart in a fraction of that, and the picture never depends on a system font.
 *
 * ECharts writes one line per element, without nested tags:
 *   <text dominant-baseline="central" text-anchor="end" style="font-size:12px;font-weight:bold;"
 *         x="…" y="…" transform="translate(82 181)" fill="#54555a" stroke="…">甲镇</text>
 */
const TEXT = /<text\b([^>]*)>([^<]*)<\/text>/g;
const ATTR = /([\w:-]+)="([^"]*)"/g;

/** Where the alphabetic baseline sits below the y ECharts gives, per dominant-baseline, in em. */
const BASELINE_SHIFT: Record<string, number> = {
  central: 0.38, // the centre of the CJK em box (Noto Sans SC: +880 / −120 units of 1000)
  middle: 0.38,
  hanging: 0.88,
  "text-before-edge": 0.88,
  "text-after-edge": -0.12,
  ideographic: -0.12,
  alphabetic: 0,
  auto: 0,
};

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (whole, e: string) => {
    if (e[0] === "#") return String.fromCodePoint(Number(e[1] === "x" ? `0${e.slice(1)}` : e.slice(1)));
    return ENTITIES[e] ?? whole;
  });
}

/** Paint attributes copied onto the glyphs' group as they are. */
const PAINT = ["fill", "fill-opacity", "stroke", "stroke-width", "stroke-opacity", "paint-order", "opacity"];

export function outlineSvgText(svg: string): string {
  const text = createTextDrawer();
  const body = svg.replace(TEXT, (_whole, attrText: string, content: string) => {
    const attrs: Record<string, string> = Object.fromEntries(
      [...attrText.matchAll(ATTR)].map((m) => [m[1], m[2]]),
    );
    const style: Record<string, string> = Object.fromEntries(
      (attrs.style ?? "")
        .split(";")
        .map((d: string) => d.split(":").map((s) => s.trim()))
        .filter((d) => d.length === 2),
    );
    const size = Number.parseFloat(style["font-size"] ?? "12") || 12;
    const bold = /bold|[6-9]00/.test(style["font-weight"] ?? "");
    const words = decodeEntities(content);
    if (!words.trim()) return "";
    const shift = BASELINE_SHIFT[attrs["dominant-baseline"] ?? "alphabetic"] ?? 0;
    const anchor = (attrs["text-anchor"] ?? "start") as "start" | "middle" | "end";
    const x = Number.parseFloat(attrs.x ?? "0") || 0;
    const y = (Number.parseFloat(attrs.y ?? "0") || 0) + shift * size;
    const paint = PAINT.filter((p) => attrs[p] !== undefined || style[p] !== undefined)
      .map((p) => `${p}="${attrs[p] ?? style[p]}"`)
      .join(" ");
    const transform = attrs.transform ? ` transform="${attrs.transform}"` : "";
    const fill = attrs.fill === undefined && style.fill === undefined ? ' fill="#000"' : "";
    return `<g${transform}${fill} ${paint}>${text.glyphs(words, { x, y, size, anchor, bold })}</g>`;
  });
  // The glyph definitions go first inside the root element.
  return body.replace(/(<svg\b[^>]*>)/, `$1${text.defs()}`);
}
