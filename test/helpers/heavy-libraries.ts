/** Libraries a console start must not load (charts, spreadsheets, PDF, photos, the platforms not run). */
export const HEAVY_LIBRARIES = [
  "echarts",
  "exceljs",
  "pdfkit",
  "fontkit",
  "sharp",
  "exifr",
  "@resvg/resvg-js",
  "telegraf",
  "@wecom/aibot-node-sdk",
  "wechaty",
  // The pinyin dictionary: loaded by the first question with a character the grammar lacks.
  "pinyin-pro",
];
