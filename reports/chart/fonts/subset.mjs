#!/usr/bin/env node
// `npm run fonts`: makes the two CJK fonts the bot draws with (charts, dossier PDFs, the board's charts)
// from Noto Sans SC, keeping only the characters it can be asked to draw: all of GB2312, every CJK
// Unified Ideograph of the basic block (names of people, villages and enterprises use rare ones such as
// 垚 and 堃), Latin, punctuation, the symbols of forms and tables, and every character in this
// repository's sources and docs (and the seed document when its path is given). 92 MB of npm package
// become two files of about 7.7 MB; the result is committed, so a production install needs no font
// package. Run again after adding text in a script the set lacks (tests check the repository's text).
//   node reports/chart/fonts/subset.mjs [seed.txt …]
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import subsetFont from "subset-font";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..", "..");
const require = createRequire(import.meta.url);
const source = dirname(require.resolve("@expo-google-fonts/noto-sans-sc/package.json"));

const ranges = [
  [0x20, 0x7e], // ASCII
  [0xa0, 0xff], // Latin-1: ° × · ±
  [0x2010, 0x205e], // general punctuation: — … ‰ ※
  [0x2100, 0x218f], // letterlike and number forms: ℃ № Ⅰ Ⅱ
  [0x2190, 0x22ff], // arrows, mathematical operators: → ≤ ≥
  [0x2460, 0x24ff], // enclosed numbers: ① ⑳
  [0x2500, 0x25ff], // box drawing, geometric shapes: ■ □ ▲ ●
  [0x2600, 0x26ff], // ★ ☆ ✓
  [0x3000, 0x303f], // CJK symbols and punctuation: 、。〔〕「」
  [0x4e00, 0x9fff], // CJK Unified Ideographs (basic block)
  [0xfe30, 0xfe4f], // CJK compatibility forms
  [0xff00, 0xffef], // fullwidth forms: ，：（）
];

let text = "";
for (const [from, to] of ranges) for (let c = from; c <= to; c++) text += String.fromCodePoint(c);
// GB2312, row by row (the symbol rows too: Greek, Cyrillic, pinyin, kana, table borders).
const gb = new TextDecoder("gb18030");
for (let hi = 0xa1; hi <= 0xf7; hi++) {
  for (let lo = 0xa1; lo <= 0xfe; lo++) {
    const c = gb.decode(Uint8Array.of(hi, lo));
    if (c !== "\ufffd" && !/[\ue000-\uf8ff]/u.test(c)) text += c;
  }
}
// Every character this repository writes (replies, ledgers, dossiers, docs) and the seed given.
function walk(dir) {
  for (const name of readdirSync(dir)) {
    if (name.startsWith(".") || name === "node_modules" || name === "dist" || name === "data") continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path);
    else if (/\.(ts|md|txt)$/.test(name)) text += readFileSync(path, "utf8");
  }
}
walk(root);
for (const file of process.argv.slice(2)) text += readFileSync(file, "utf8");
// Spaces stay (the ideographic space 　 lays out subtitles); control characters have no glyph.
const chars = [...new Set(text)].filter((c) => !/\p{Cc}/u.test(c)).join("");

for (const [weight, file] of [
  ["400Regular", "NotoSansSC-Regular.subset.ttf"],
  ["700Bold", "NotoSansSC-Bold.subset.ttf"],
]) {
  const full = readFileSync(join(source, weight, `NotoSansSC_${weight}.ttf`));
  const subset = await subsetFont(full, chars, { targetFormat: "truetype" });
  writeFileSync(join(here, file), subset);
  console.log(`${file}: ${(subset.length / 1e6).toFixed(2)} MB (from ${(full.length / 1e6).toFixed(2)} MB)`);
}
