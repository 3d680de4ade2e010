import * as fontkit from "fontkit";
import sharp from "sharp";
import { CJK_FONT_BOLD, CJK_FONT_REGULAR } from "../../reports/chart/cjk-font.js";

/** A PNG's pixels (RGB), read with sharp. */
export async function pixelsOf(png: Buffer) {
  const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
  const n = info.channels;
  const at = (x: number, y: number) => [
    ...data.subarray((y * info.width + x) * n, (y * info.width + x) * n + 3),
  ];
  /** Pixels darker than 100 on every channel in a box: text drawn there. */
  const dark = (x0: number, y0: number, x1: number, y1: number) => {
    let n = 0;
    for (let y = y0; y < y1; y++)
      for (let x = x0; x < x1; x++) {
        const [r, g, b] = at(x, y) as [number, number, number];
        if (r < 100 && g < 100 && b < 100) n++;
      }
    return n;
  };
  return { width: info.width, height: info.height, at, dark };
}

/** The words ECharts wrote as <text> (before they became outlines). */
export function svgWords(svg: string): string[] {
  return [...svg.matchAll(/<text\b[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]!);
}

/** Characters the shipped fonts have no glyph for (they would draw as boxes). */
export function missingGlyphs(words: string[]): string[] {
  const chars = new Set([...words.join("")].filter((c) => c.trim() !== ""));
  const missing = new Set<string>();
  for (const file of [CJK_FONT_REGULAR, CJK_FONT_BOLD]) {
    const font = fontkit.openSync(file) as fontkit.Font;
    for (const c of chars) if (font.glyphForCodePoint(c.codePointAt(0)!).id === 0) missing.add(c);
  }
  return [...missing];
}
