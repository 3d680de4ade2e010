import type { RawReportFields } from "../report-fields.js";
import { simplified } from "./normalize.js";
import { NUMBER, readNumber } from "./numbers.js";
import { readMaterials } from "./report-materials.js";
import { readName, readResponsible } from "./report-names.js";
import { readPermits } from "./report-permits.js";
import {
  AIR,
  BUSINESS_NOUNS,
  INDUSTRIES,
  NO_WATER_AIR,
  REQUIREMENT_WORDS,
  WATER,
  waterAirOf,
} from "./report-words.js";
import { readScale } from "./scale.js";

/** What a free-text report gives beyond its fields: the seed's key industry it names (for the reply). */
export interface ReportReading {
  fields: RawReportFields;
  industry?: string;
}

/** Who writes it and where: 我负责 is the writer; the towns are cut from 花园口镇南月堤村. */
export interface ReportContext {
  towns: readonly string[];
  asker?: string;
}

/** Not a new enterprise: a question, news of one on file (那个塑料厂已经拆完了), or a remark. */
const NOT_A_REPORT = [
  /[?？]|吗|几家|多少|哪|怎么|咋|如何|什么情况|有没有|了没|没有$|没$/,
  /已经拆|拆完了|已拆|拆除完毕|拆掉了|已整改|整改完了|整改到位|已销号|断电|断水|已关停|已取缔|还在干|还在生产|又开了|照片|还没拆|没拆|老板说|说下周|下周|明天/,
  // 那个喷漆的, 这家厂: one already known, not a new one (but 那个黄河村… is a filler).
  /(那个|那家|这家|这个|该)(?:[^，,。;；\s]{0,6})(厂|作坊|店|的|窑|点|公司|汽修|喷漆|洗浴|锅炉)/,
];

/**
 * Reads an inspector's description of an enterprise (黄河村三组有个塑料厂，十来个人，烧废塑料，没手续，
 * 要拆) into the report's fields it really gives; null when the text is no such description. Pure.
 */
export function readReport(text: string, ctx: ReportContext): ReportReading | null {
  const t = simplified(text).replace(/\s+/g, " ").trim();
  if (t.length < 6 || t.length > 400) return null;
  const flat = t.replace(/\s+/g, "");
  // 不是废塑料: a kind the writer denies is not the kind.
  const kindSaid = flat.replace(
    /不是[^，,。;；]{1,8}?(?=$|[，,。;；]|\d|[一二两三四五六七八九十]|用|有|没)/gu,
    "",
  );
  const industry = kindOf(kindSaid) ?? otherBusiness(kindSaid);
  const fields: RawReportFields = {};
  const village = readVillage(t, ctx.towns);
  if (village) fields.village = village;
  const named = /八小/.test(flat) ? "八小" : /小散乱污|散乱污/.test(flat) ? "小散乱污" : undefined;
  if (named ?? industry) fields.type = named ?? industry?.[1];
  const scale = readScale(t);
  if (scale) fields.scale = scale;
  // 原料不是废塑料 是新料: what the writer denies is not used.
  const materials = readMaterials(t.replace(/不是[^\s，,。;；是]{1,8}/g, ""));
  if (materials) fields.materials = materials;
  // 有废水没废气: a denied emission is no sign of one.
  // A form's label (涉水涉气：涉气) is no sign of either.
  const said = flat.replace(/(?:涉水涉气|涉水气|水气)[:：]/g, "").replace(DENIED_EMISSION, "");
  const waterAir = NO_WATER_AIR.test(flat) ? "不涉及" : waterAirOf(AIR.test(said), WATER.test(said));
  if (waterAir) fields.waterAir = waterAir;
  const permits = readPermits(t);
  if (permits) fields.permits = permits;
  const requirement = readRequirement(flat);
  if (requirement) fields.requirement = requirement;
  const deadline = readDeadline(t);
  if (deadline) fields.deadline = deadline;
  const responsible = readResponsible(t, ctx.asker);
  if (responsible) fields.responsible = responsible;
  const name = readName(t);
  if (name) fields.name = name;

  // Clause by clause: 手续都没 拆 is not 没拆.
  if (NOT_A_REPORT.some((re) => re.test(t))) return null;
  const business = Boolean(industry || named || name || BUSINESS_NOUNS.test(flat));
  const facts = ["village", "scale", "materials", "waterAir", "permits", "requirement"].filter(
    (k) => k in fields,
  ).length;
  if (!business || facts === 0) return null;
  return industry ? { fields, industry: industry[2] } : { fields };
}

/**
 * The kind said first is the business (家具厂 用塑料贴面 is 家具, not 塑料加工); a plastics business that
 * works waste plastic anywhere in the text is 废塑料加工 (做塑料袋的 用废塑料).
 */
function kindOf(t: string): (typeof INDUSTRIES)[number] | undefined {
  let first: { at: number; kind: (typeof INDUSTRIES)[number] } | undefined;
  for (const kind of INDUSTRIES) {
    const at = kind[0].exec(t)?.index;
    if (at !== undefined && (!first || at < first.at)) first = { at, kind };
  }
  const waste = INDUSTRIES[0];
  if (first?.kind[2] === "塑料加工" && waste?.[0].test(t)) return waste;
  return first?.kind;
}

/**
 * A business of a kind the seed does not list (石棉瓦加工厂): 小散乱污, the seed's type for everything
 * outside the 八小 list. A place with no kind said (厂子, 小作坊) has no type.
 */
function otherBusiness(t: string): [RegExp, "小散乱污", string] | undefined {
  const m = /([\p{Script=Han}]{1,4}?)(加工厂|加工点|加工|厂|作坊)/u.exec(t);
  if (!m) return undefined;
  // 刘沟村铁艺加工: the village before the kind is cut off.
  const kind = (m[1] ?? "")
    .replace(/^(?:.*(?:个|家|有|是|做|了|的|在|现|村|组|社区))/u, "")
    .replace(/^小型?|^家庭/, "");
  if (kind.length === 0 || /^(工|小|厂|子|村|组)$/.test(kind)) return undefined;
  return [/./, "小散乱污", `${kind}加工`];
}

const GROUP = `第?(?:${NUMBER}|\\d{1,2})组`;

/** 没废气, 没有污水, 无废水, 不冒烟, 没什么味: an emission the writer says is not there. */
const DENIED_EMISSION =
  /(?:没有|没|无|不)(?:啥|什么|多大|一点)?(?:涉)?(?:废气|废水|污水|冒烟|烟|气味|异味|味道|味儿|味)/g;

/**
 * A place with no 村 that opens the text, just before the business (东大坝有家干洗店): the village as
 * written, unless it is a town or a word of time or person (今天有个, 我这有个).
 */
function placeBeforeBusiness(t: string, towns: readonly string[]): string | undefined {
  const m = /^(?:在)?([\p{Script=Han}]{2,5}?)(?:这边|那边|这儿|那儿)?有(?:个|家|一家|一个)/u.exec(t);
  const place = m?.[1];
  if (!place || /^(?:我|俺|咱|刚|今|昨|前|那|这|发现|新|路|附近|村|他|她|还|又|也|就|隔壁|对面)/.test(place))
    return undefined;
  // 街上, 隔壁, 村口, 高速口: where it is from here, not a place's name.
  if (/(?:上|里|边|面|旁|壁|后|外|内|附近|路口|门口|村口|高速口|桥头|跟前)$/.test(place)) return undefined;
  const short = (town: string) => town.replace(/(街道办事处|办事处|街道|镇|乡|办)$/, "");
  if (towns.some((town) => town === place || short(town) === place || place.startsWith(short(town))))
    return undefined;
  return place;
}

/** 所在村组: 黄河村三组, 东赵村, 南月堤村 (the town before it cut off), 某某社区. */
function readVillage(t: string, towns: readonly string[]): string | undefined {
  // Spaces end a word: 水洗厂 花园口村四组 is 花园口村四组; a group may follow after one (黄河村 三组).
  const m = new RegExp(`([\\p{Script=Han}]{1,5}?(?:村|社区))(?:\\s?(${GROUP}))?`, "u").exec(t);
  if (!m) return placeBeforeBusiness(t, towns);
  let name = m[1] ?? "";
  // Words before the village's own name: 有个, 在, 发现, 就是那个 … and a town's name.
  const before = /^(?:.*(?:在|有|个|的|了|是|到|去|和|镇|办|道|现|边|啊|那|地点|地址|位置))/u.exec(name);
  if (before && before[0].length < name.length - 1) name = name.slice(before[0].length);
  for (const town of towns) {
    const short = town.replace(/(街道办事处|办事处|街道|镇|乡|办)$/, "");
    for (const prefix of [town, `${short}办`]) {
      if (name.startsWith(prefix) && name.length > prefix.length + 1) name = name.slice(prefix.length);
    }
  }
  if (name.length < 2) return undefined;
  return name + (m[2] ?? "");
}

function readRequirement(t: string): string | undefined {
  let last: { at: number; value: string } | undefined;
  for (const [re, value] of REQUIREMENT_WORDS) {
    for (const m of t.matchAll(re)) {
      // 拆 in 拆迁 or 拆开 is no demolition order.
      if (m[0] === "拆" && /拆(迁|开|卸)/.test(t.slice(m.index, m.index + 2))) continue;
      // 不用整改, 无需拆除: no order.
      if (/(?:不用|不需要|不需|无需|不必)$/.test(t.slice(0, m.index))) continue;
      if (!last || m.index > last.at) last = { at: m.index, value };
    }
  }
  return last?.value;
}

/** 4月底前: the month's last day (February's 28th: the year is not said). */
function monthEnd(t: string): string | undefined {
  const m = new RegExp(`(${NUMBER})月底`).exec(t);
  const mo = m ? readNumber(m[1] ?? "") : null;
  if (!mo || mo > 12) return undefined;
  return `${mo}月${mo === 2 ? 28 : [4, 6, 9, 11].includes(mo) ? 30 : 31}日`;
}

/** 整治期限 written as a day (3月31日前, 期限4月15日); a relative one (月底前) is asked for. */
function readDeadline(text: string): string | undefined {
  // 3月10日检查时发现: the day something happened is no deadline.
  const t = text.replace(
    new RegExp(
      `(?:\\d{4}年)?${NUMBER}月${NUMBER}(?:日|号)?(?:上午|下午|晚上)?(?=检查|发现|巡查|排查|去|来|看|走访|到现场)`,
      "g",
    ),
    "",
  );
  // A day before 前, or after 期限/截止, is the deadline even when another day is said first.
  const m =
    new RegExp(`(?:(\\d{4})年)?(${NUMBER})月(${NUMBER})(?:日|号)?(?=前|之前|以前)`).exec(t) ??
    /()(\d{1,2})[.．/\-－](\d{1,2})(?:日|号)?(?=前|之前|以前)/.exec(t) ??
    // 期限4月15, 截止4月20: no 日 needed where nothing else can follow.
    new RegExp(
      `(?:期限|截止|限期|时限|到)(?:(\\d{4})年)?(${NUMBER})月(${NUMBER})(?:日|号|(?=$|[\\s,，。;；]))`,
    ).exec(t) ??
    new RegExp(`(?:(\\d{4})年)?(${NUMBER})月(${NUMBER})(?:日|号)`).exec(t) ??
    // or a day ending the text.
    new RegExp(`()(${NUMBER})月(${NUMBER})$`).exec(t);
  if (!m) return monthEnd(t);
  const [mo, d] = [readNumber(m[2] ?? ""), readNumber(m[3] ?? "")];
  if (!mo || !d || mo > 12 || d > 31) return undefined;
  // The contract's form is M月D日: a year written before it (2024年4月15日前) is not kept.
  return `${mo}月${d}日`;
}
