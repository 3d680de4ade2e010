import { Resvg } from "@resvg/resvg-js";
import { createTextDrawer } from "../../reports/chart/chart-text.js";

/**
 * A chat reply drawn the way a phone shows it: Noto Sans SC (proportional), 15 px, in a 360 px
 * bubble, long lines wrapped. Returns the PNG and each source line's width in pixels.
 */
export function replyPng(text: string, width = 360): { png: Buffer; widths: number[] } {
  const draw = createTextDrawer();
  const size = 15;
  const lineH = 22;
  const room = width - 24;
  const rows: string[] = [];
  const widths: number[] = [];
  for (const line of text.split("\n")) {
    widths.push(draw.width(line, size));
    let row = "";
    for (const ch of line) {
      if (draw.width(row + ch, size) > room) {
        rows.push(row);
        row = "";
      }
      row += ch;
    }
    rows.push(row);
  }
  const height = rows.length * lineH + 24;
  const body = rows.map((r, i) =>
    draw.draw(r, { x: 12, y: 12 + (i + 1) * lineH - 6, size, fill: "#1d2733" }),
  );
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="100%" height="100%" fill="#ffffff"/>${draw.defs()}${body.join("")}</svg>`;
  const png = new Resvg(svg, { font: { loadSystemFonts: false }, fitTo: { mode: "width", value: width * 2 } })
    .render()
    .asPng();
  return { png, widths };
}
