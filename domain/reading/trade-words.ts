import { INDUSTRIES } from "./report-words.js";

/**
 * The kinds of business a question may narrow to (哪些塑料厂逾期, 全区有几家汽修厂): the seed's key
 * industries, by the one table the free-text report reader uses (INDUSTRIES), so a kind is named the
 * same way in a report and in a question. Each word of a kind's pattern is a word of the question
 * (废塑料 → 废塑料加工, 塑料 → 塑料加工, 汽修 / 修车 → 小汽修, 砖厂 → 砖瓦窑).
 */
export const TRADE_WORDS: [string, string][] = INDUSTRIES.flatMap(([re, , label]) =>
  re.source.split("|").map((w) => [w, label] as [string, string]),
)
  .concat([
    ["修理厂", "小汽修"],
    ["砖瓦", "砖瓦窑"],
    ["砖", "砖瓦窑"],
    // The seed's own names of kinds, said whole (有色熔炼, 露天喷漆, 燃煤小锅炉), and 废品站.
    ["有色熔炼", "有色熔炼加工"],
    ["露天喷漆", "露天喷漆"],
    ["燃煤小锅炉", "燃煤小锅炉"],
    ["燃煤锅炉", "燃煤小锅炉"],
    ["小锅炉", "燃煤小锅炉"],
    ["废品站", "废品回收"],
    ["废品收购站", "废品回收"],
    ["回收站", "废品回收"],
    ["收破烂", "废品回收"],
    ["破烂", "废品回收"],
    ["修车铺", "小汽修"],
    ["喷漆棚", "露天喷漆"],
    ["澡堂子", "小洗浴"],
    ["洗澡堂", "小洗浴"],
    // Everyday words for the seed's kinds (收废品的, 烧煤锅炉, 做衣服的, 切石头的, 耐材厂, 焦化厂).
    ["收废品", "废品回收"],
    ["烧煤", "燃煤小锅炉"],
    ["做衣服", "小服装加工"],
    ["衣服", "小服装加工"],
    ["烧陶瓷", "陶瓷烧制"],
    ["切石头", "石材加工"],
    ["石头", "石材加工"],
    ["耐材", "耐火材料"],
    ["焦化", "炼焦"],
    ["有色金属", "有色熔炼加工"],
  ])
  .concat(
    // The seed's names of the kinds themselves (小汽修, 金属加工, 集中式干洗), as a reading shows them.
    INDUSTRIES.map(([, , label]) => [label, label] as [string, string]),
  );

/** The seed's kind a run of kind words names (塑料 → 塑料加工, 小汽修 → 小汽修), or undefined. */
export function tradeOf(words: string): string | undefined {
  return INDUSTRIES.find(([re]) => re.test(words))?.[2] ?? TRADE_WORDS.find(([w]) => words.includes(w))?.[1];
}

/**
 * The kind of an enterprise on file, by the same table: its name first (东风砖厂, 宏达化工), else its
 * 原辅材料 (the ledger has no column for the trade). A plastics plant whose materials are 废塑料 is a
 * 废塑料加工 plant (黄河塑料厂, 原辅材料 废塑料), as the report reader would have read its description.
 */
export function tradeOfEnterprise(e: { name: string; materials: string }): string | undefined {
  const byName = tradeOf(e.name);
  const byMaterials = tradeOf(e.materials);
  if (byName === "塑料加工" && byMaterials === "废塑料加工") return byMaterials;
  return byName ?? byMaterials;
}

/** Whether an enterprise is of the kind a question names; 塑料加工 (塑料厂) takes in 废塑料加工 too. */
export function isOfTrade(e: { name: string; materials: string }, trade: string): boolean {
  const kind = tradeOfEnterprise(e);
  return kind === trade || (trade === "塑料加工" && kind === "废塑料加工");
}
