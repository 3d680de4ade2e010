/**
 * How an enterprise's name ends (黄河塑料厂, 宏达化工有限公司, 老王汽修, 金水洗浴): a span of the
 * question ending in one of these is read as an enterprise asked about by name.
 */
export const NAME_ENDINGS = [
  "有限责任公司",
  "有限公司",
  "公司",
  "厂子",
  "加工厂",
  "修理厂",
  "厂",
  "作坊",
  "加工点",
  "加工部",
  "门市部",
  "门市",
  "商行",
  "经营部",
  "修理部",
  "汽修",
  "洗浴",
  "浴池",
  "澡堂",
  "干洗店",
  "洗衣店",
  "店",
  "窑",
  "合作社",
  "车间",
  "养殖场",
  "屠宰场",
  "砂石场",
  "料场",
  "搅拌站",
  "加油站",
  "洗浴中心",
].sort((a, b) => b.length - a.length);

/**
 * Words that end a name on its left: what comes before them is not part of the name
 * (请问黄河塑料厂…, 古荥的黄河塑料厂…, 那个黄河塑料厂…).
 */
export const NAME_STARTS_AFTER = [
  "请问",
  "问一下",
  "问下",
  "问问",
  "查一下",
  "查下",
  "查查",
  "查询",
  "看一下",
  "看看",
  "看下",
  "帮我",
  "帮忙",
  "麻烦",
  "了解一下",
  "说一下",
  "说说",
  "那个",
  "这个",
  "那家",
  "这家",
  "一下",
  "现在",
  "目前",
  "领导",
  "你好",
  "您好",
  "就是",
  "我想问",
  "想问",
  "告诉我",
  "给我",
  "的",
  "查",
  "问",
  "看",
  "把",
  "负责",
  "谁",
  "是",
  "在",
];

/**
 * What a business does (塑料, 化工, 汽修): a name that is only this and an ending (塑料厂, 汽修厂) names a
 * kind, not an enterprise; the seed's key industries and the trades a district meets.
 */
export const KINDS = [
  "塑料加工", "废塑料加工", "废塑料", "塑料", "塑业", "化工", "印刷", "彩印", "家具", "木业", "木材", "建材",
  "机械", "五金", "包装", "制品", "汽修", "汽车修理", "修理", "洗浴", "洗车", "干洗", "水洗", "洗衣", "砖",
  "砖瓦", "石灰", "铸造", "橡胶", "印染", "造纸", "纸", "电镀", "喷漆", "钢构", "门窗", "石材", "砂石", "陶瓷",
  "耐火材料", "碳素", "熔炼", "轧钢", "丝网", "服装", "服装加工", "炼焦", "染料", "农药", "制革", "皮革", "养殖",
  "屠宰", "搅拌", "加工", "回收", "废品", "小", "小型", "微型", "家庭", "集中", "烧制", "颗粒", "铝", "铜", "铁", "钢",
  "生产", "制造", "维修", "分装", "造粒", "熔铝", "塑料袋", "塑料制品", "废旧",
].sort((a, b) => b.length - a.length);

/** Name endings that are a kind themselves (宏达化工, 鑫源印刷): a name may end in them without 厂. */
export const KIND_ENDINGS = [
  "化工", "塑料", "塑业", "印刷", "彩印", "家具", "木业", "建材", "机械", "五金", "包装", "纸业", "钢构", "门窗",
  "石材", "实业", "商贸", "科技",
];
