import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The CJK font charts and PDFs draw with, shipped in the repository (reports/chart/fonts/), so a fresh
 * machine — which has no CJK font installed — draws real Chinese glyphs, and a production install needs
 * no 92 MB font package. Noto Sans SC, TrueType (readable by resvg, pdfkit and fontkit), cut down by
 * `npm run fonts` to the characters the bot can be asked to draw: GB2312 and every CJK ideograph of the
 * basic block, Latin, punctuation and form symbols. `npm run build` copies the folder beside the
 * compiled module, so the same relative path serves tsx and node.
 */
const fontDir = join(dirname(fileURLToPath(import.meta.url)), "fonts");

export const CJK_FONT_REGULAR = join(fontDir, "NotoSansSC-Regular.subset.ttf");
export const CJK_FONT_BOLD = join(fontDir, "NotoSansSC-Bold.subset.ttf");
export const CJK_FONT_FAMILY = "Noto Sans SC";
