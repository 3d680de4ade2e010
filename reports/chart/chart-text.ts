import { createRequire } from "node:module";
import type * as fontkit from "fontkit";
import { CJK_FONT_BOLD, CJK_FONT_REGULAR } from "./cjk-font.js";

/**
 * Draws text as glyph outlines (SVG paths) from the shipped CJK font, laid out by fontkit.
 * resvg can draw <text> itself, but with a 10 MB CJK font it spends ~5 ms per glyph looking the
 * face up; outlines defined once and placed with <use> draw a 200-town chart in well under a second.
 */
interface TextStyle {
  x: number;
  y: number;
  size: number;
  fill: string;
  anchor?: "start" | "middle" | "end";
  bold?: boolean;
}

export interface TextDrawer {
  /** SVG for one line of text, baseline at y. */
  draw(text: string, style: TextStyle): string;
  /** The same glyphs without the wrapping <g fill>, for a caller that sets fill and stroke itself. */
  glyphs(text: string, style: Omit<TextStyle, "fill">): string;
  /** Advance width of a line at a size. */
  width(text: string, size: number, bold?: boolean): number;
  /** The <defs> holding every glyph drawn so far; put it in the SVG once. */
  defs(): string;
}

let fonts: { regular: fontkit.Font; bold: fontkit.Font } | undefined;

const require = createRequire(import.meta.url);

/** fontkit and the fonts on the first chart, not at start (fontkit's CommonJS build loads fastest). */
function loadFonts() {
  if (!fonts) {
    const { openSync } = require("fontkit") as typeof fontkit;
    fonts = {
      regular: openSync(CJK_FONT_REGULAR) as fontkit.Font,
      bold: openSync(CJK_FONT_BOLD) as fontkit.Font,
    };
  }
  return fonts;
}

/** Outlines already converted, per font and glyph id (shared by every chart in the process). */
const outlineCache = new Map<string, string>();

export function createTextDrawer(): TextDrawer {
  const f = loadFonts();
  const used = new Map<string, string>();

  function run(text: string, bold: boolean) {
    const font = bold ? f.bold : f.regular;
    return { font, layout: font.layout(text), tag: bold ? "b" : "r" };
  }

  return {
    width(text, size, bold = false) {
      const { font, layout } = run(text, bold);
      return (layout.advanceWidth * size) / font.unitsPerEm;
    },
    draw(text, style) {
      return `<g fill="${style.fill}">${this.glyphs(text, style)}</g>`;
    },
    glyphs(text, style) {
      const { font, layout, tag } = run(text, style.bold ?? false);
      const scale = style.size / font.unitsPerEm;
      const width = layout.advanceWidth * scale;
      let x = style.x - (style.anchor === "end" ? width : style.anchor === "middle" ? width / 2 : 0);
      const out: string[] = [];
      layout.glyphs.forEach((glyph, i) => {
        const pos = layout.positions[i];
        if (!pos) return;
        const id = `${tag}${glyph.id}`;
        if (!used.has(id)) {
          let d = outlineCache.get(id);
          if (d === undefined) {
            d = glyph.path.toSVG();
            outlineCache.set(id, d);
          }
          used.set(id, d);
        }
        if (used.get(id)) {
          const gx = x + pos.xOffset * scale;
          const gy = style.y - pos.yOffset * scale;
          out.push(
            `<use href="#${id}" transform="translate(${gx.toFixed(2)} ${gy.toFixed(2)}) scale(${scale.toFixed(5)} ${(-scale).toFixed(5)})"/>`,
          );
        }
        x += pos.xAdvance * scale;
      });
      return out.join("");
    },
    defs() {
      const paths = [...used].filter(([, d]) => d).map(([id, d]) => `<path id="${id}" d="${d}"/>`);
      return `<defs>${paths.join("")}</defs>`;
    },
  };
}
