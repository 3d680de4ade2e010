import { toHalfWidth } from "../text-normalize.js";

/**
 * Traditional characters a phone keyboard may leave in a question (幾家, 這週, 進度): read as the
 * simplified ones the vocabulary is written in. Only characters the campaign's words use.
 */
const TRADITIONAL: Record<string, string> = {
  幾: "几",
  這: "这",
  週: "周",
  進: "进",
  鎮: "镇",
  區: "区",
  個: "个",
  們: "们",
  嗎: "吗",
  麼: "么",
  裡: "里",
  裏: "里",
  沒: "没",
  還: "还",
  處: "处",
  單: "单",
  報: "报",
  銷: "销",
  號: "号",
  齊: "齐",
  續: "续",
  辦: "办",
  結: "结",
  況: "况",
  樣: "样",
  開: "开",
  戶: "户",
  來: "来",
  從: "从",
  後: "后",
  產: "产",
  燒: "烧",
  廠: "厂",
  園: "园",
  長: "长",
  陳: "陈",
  鴉: "鸦",
  滎: "荥",
  達: "达",
  數: "数",
  門: "门",
  問: "问",
  請: "请",
  謝: "谢",
  環: "环",
  氣: "气",
  煙: "烟",
  員: "员",
  責: "责",
  紙: "纸",
  鍍: "镀",
  農: "农",
  藥: "药",
  膠: "胶",
  鑄: "铸",
  業: "业",
  無: "无",
  證: "证",
  機: "机",
  爐: "炉",
  鍋: "锅",
  組: "组",
  莊: "庄",
  為: "为",
  說: "说",
  給: "给",
  對: "对",
  類: "类",
  總: "总",
  體: "体",
  計: "计",
  統: "统",
  動: "动",
  彈: "弹",
  復: "复",
  過: "过",
  時: "时",
  間: "间",
  內: "内",
  錯: "错",
  許: "许",
  齣: "出",
  幫: "帮",
  煩: "烦",
  級: "级",
  隊: "队",
  發: "发",
  現: "现",
  閒: "闲",
  應: "应",
  該: "该",
  須: "须",
};

/**
 * Slips people make on a phone or by voice input, mapped to the word they meant: 预期 for 逾期 (same
 * sound), 消号 for 销号, 老鸭陈 for 老鸦陈, 那些 for 哪些. Only where the slip cannot be another word
 * of the campaign's.
 */
const SLIPS: [RegExp, string][] = [
  [/预期|愈期|逾其|於期|遇期/g, "逾期"],
  [/超其/g, "超期"],
  [/消号|销好|销毫/g, "销号"],
  [/整该|整概/g, "整改"],
  [/拆出到位|差除/g, "拆除到位"],
  [/拆出/g, "拆除"],
  [/进渡/g, "进度"],
  [/那些/g, "哪些"],
  [/那几家/g, "哪几家"],
  [/那几个/g, "哪几个"],
  [/几加/g, "几家"],
  [/多少加/g, "多少家"],
  [/怎么羊|怎莫样|咋么样|怎么样子/g, "怎么样"],
  [/老鸭陈|老牙陈|老丫陈/g, "老鸦陈"],
  [/古荣|古萦|古莹|古萤/g, "古荥"],
  [/花圆口|花园扣/g, "花园口"],
  [/刘砦/g, "刘寨"],
  [/返弹/g, "反弹"],
  [/8小/g, "八小"],
  [/小散乱乌|小三乱污|小散乱无/g, "小散乱污"],
  [/手序/g, "手续"],
  [/到为/g, "到位"],
];

/**
 * A question or report as the grammar reads it: half-width, lower case, traditional characters and
 * common slips mended, white space and punctuation gone except what a date or case number needs
 * (2.20, GY-0007). Positions are not kept: the reading is built from words, not cut from the text.
 */
export function normalizeForReading(text: string): string {
  let t = simplified(text);
  for (const [slip, meant] of SLIPS) t = t.replace(slip, meant);
  // A dot, slash or dash between digits is part of a date or case number; other punctuation separates.
  t = t.replace(/(\d)\s*([./-])\s*(\d)/g, "$1$2$3").replace(/([a-z])\s*[-_]\s*(\d)/g, "$1-$2");
  return t.replace(/[\s\p{P}\p{S}]+/gu, (m) => (/^[./-]$/.test(m) ? m : " ")).trim();
}

/** Half-width, lower case, simplified characters; punctuation kept (a report's clauses are cut at it). */
export function simplified(text: string): string {
  const t = toHalfWidth(text).normalize("NFKC").toLowerCase();
  return [...t].map((c) => TRADITIONAL[c] ?? c).join("");
}
