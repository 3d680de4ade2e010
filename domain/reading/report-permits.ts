import type { Permits } from "../enums.js";
import { PERMIT_WORDS } from "./report-words.js";

/** One paper there, another missing (营业执照有环评没有, 环评没有其他手续有): 手续不全. */
const PAPERS = "(?:营业执照|执照|环评|环保手续|环保|土地手续|其他手续|其它手续|手续|证)";
const MIXED_PERMITS = new RegExp(
  `${PAPERS}(?:都)?有(?:的)?[,，]?${PAPERS}(?:都)?(?:没有|没办|没|无)|${PAPERS}(?:没有|没办|没|无)[,，]?${PAPERS}(?:都)?有|有${PAPERS}(?:但|[,，])?(?:没有|没|无)${PAPERS}`,
);

/** The papers an inspector names: 手续, 营业执照, 环评, 排污证 … (longest first where one holds another). */
const PAPER =
  "(?:环保手续|土地手续|其他手续|其它手续|手续|营业执照|执照|环评|排污许可证|排污许可|排污证|许可证|证件|证照|证)";
/** Saying one is not there: 没有, 没办, 没批, 无, 未办 (木有 and 没得 are read as 没有 before). */
const NOT = "(?:没有|没办|没批|没|无|未办|未批|正在办|还在办|在办|办理中|正在办理)";

/** The paperwork as a whole is incomplete: 证件不全, 手续不齐, 缺环评, 只有营业执照, 就一个营业执照. */
const PARTIAL = new RegExp(
  `${PAPER}(?:都|也|还)?(?:不全|不齐|不完善|不完整|没办全|未办全|没全)|缺${PAPER}|部分手续|(?:只有|就有|只|就)(?:一个|个)?(?:营业执照|执照)`,
);
/** None at all: 啥证没有, 手续一样没有, 啥手续也没, 啥都没有, 没有任何手续, 手续无. */
const NONE_AT_ALL = new RegExp(
  `(?:啥|什么|任何)${PAPER}?(?:都|也|一样|一个)?${NOT}|${PAPER}(?:一样|一个|都|也|啥的|全)?${NOT}|${NOT}(?:啥|什么|任何)?${PAPER}`,
);
/** Papers said to be there: 有营业执照和环评, 有执照, 手续齐全/全乎/都有, 证照齐全. */
const THERE = new RegExp(
  `(?<![没木无])有(?:个|一个)?${PAPER}(?:(?:和|、|跟|及|还有)${PAPER})*|${PAPER}(?:都|也)?(?:齐全|全乎|齐|有|完备|全)`,
);
/** The others denied after one is named: 有营业执照 其他没有, 就一个营业执照别的没有. */
const OTHERS_NOT = new RegExp(`(?:其他|其它|其余|别的)(?:的)?(?:都|手续|证)?(?:都|也)?${NOT}`);

/**
 * 有无手续 from everyday words, clause by clause: papers said to be there and papers said to be missing
 * (有执照没排污证, 有营业执照 其他没有 → 不全); only missing ones → 无 (啥证没有, 没收续); only present ones
 * → 有 (有营业执照和环评). The seed's own phrases (手续齐全, 无手续 …) are read first, longest first.
 */
export function readPermits(text: string): Permits | undefined {
  const t = text
    .replace(/木有|没得/g, "没有")
    // 收续, 手序: slips of the pinyin keyboard for 手续.
    .replace(/收续|手序|首续/g, "手续")
    // A form's label (手续：无, 有无手续:不全) is read as said (手续无, 手续不全).
    .replace(/(?:有无)?(手续|证照)[:：]\s*/g, "$1");
  const flat = t.replace(/\s+/g, "");
  if (MIXED_PERMITS.test(flat)) return "不全";
  const known = PERMIT_WORDS.find(([w]) => flat.includes(w))?.[1];
  // A business licence alone says nothing of the environmental papers (有营业执照，整改).
  let there = false;
  let licence = false;
  let missing = false;
  let partial = false;
  for (const clause of t.split(/[,，。;；\s!！]+/)) {
    if (clause.length === 0) continue;
    if (PARTIAL.test(clause)) partial = true;
    // 有营业执照环评没批: the part after a present paper may deny another.
    const denied = NONE_AT_ALL.exec(clause);
    const said = THERE.exec(clause);
    if (said && (!denied || said.index < denied.index || denied.index + denied[0].length <= said.index))
      if (/^有(?:个|一个)?(?:营业执照|执照)$/.test(said[0])) licence = true;
      else there = true;
    if (denied) missing = true;
    if (OTHERS_NOT.test(clause)) missing = true;
  }
  if (known && !(known === "有" && missing) && !(known === "无" && (there || licence))) return known;
  if (partial || ((there || licence) && missing)) return "不全";
  if (missing) return "无";
  if (there) return "有";
  return undefined;
}
