import { createRequire } from "node:module";
import { dirname, join } from "node:path";

/**
 * A CJK font shipped through npm, so charts and PDFs draw real Chinese glyphs on a fresh machine
 * (which has no CJK font installed). Noto Sans SC, TrueType, readable by resvg, pdfkit and fontkit.
 */
const require = createRequire(import.meta.url);
const fontDir = dirname(require.resolve("@expo-google-fonts/noto-sans-sc/package.json"));

export const CJK_FONT_REGULAR = join(fontDir, "400Regular", "NotoSansSC_400Regular.ttf");
export const CJK_FONT_BOLD = join(fontDir, "700Bold", "NotoSansSC_700Bold.ttf");
export const CJK_FONT_FAMILY = "Noto Sans SC";
