import type { RawReportFields } from "../report-fields.js";
import { KINDS, NAME_ENDINGS } from "./enterprise-words.js";
import { simplified } from "./normalize.js";
import { NUMBER, readNumber } from "./numbers.js";
import {
  AIR,
  BUSINESS_NOUNS,
  INDUSTRIES,
  MATERIAL_VERBS,
  MATERIALS,
  NO_WATER_AIR,
  PERMIT_WORDS,
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
  const industry = INDUSTRIES.find(([re]) => re.test(flat)) ?? otherBusiness(flat);
  const fields: RawReportFields = {};
  const village = readVillage(flat, ctx.towns);
  if (village) fields.village = village;
  const named = /八小/.test(flat) ? "八小" : /小散乱污|散乱污/.test(flat) ? "小散乱污" : undefined;
  if (named ?? industry) fields.type = named ?? industry?.[1];
  const scale = readScale(flat);
  if (scale) fields.scale = scale;
  const materials = readMaterials(t);
  if (materials) fields.materials = materials;
  // 有废水没废气: a denied emission is no sign of one.
  const said = flat.replace(DENIED_EMISSION, "");
  const waterAir = NO_WATER_AIR.test(flat) ? "不涉及" : waterAirOf(AIR.test(said), WATER.test(said));
  if (waterAir) fields.waterAir = waterAir;
  const permits = MIXED_PERMITS.test(flat) ? "不全" : PERMIT_WORDS.find(([w]) => flat.includes(w))?.[1];
  if (permits) fields.permits = permits;
  const requirement = readRequirement(flat);
  if (requirement) fields.requirement = requirement;
  const deadline = readDeadline(flat);
  if (deadline) fields.deadline = deadline;
  const responsible = readResponsible(flat, ctx.asker);
  if (responsible) fields.responsible = responsible;
  const name = readName(flat);
  if (name) fields.name = name;

  if (NOT_A_REPORT.some((re) => re.test(flat))) return null;
  const business = Boolean(industry || named || name || BUSINESS_NOUNS.test(flat));
  const facts = ["village", "scale", "materials", "waterAir", "permits", "requirement"].filter(
    (k) => k in fields,
  ).length;
  if (!business || facts === 0) return null;
  return industry ? { fields, industry: industry[2] } : { fields };
}

/**
 * A business of a kind the seed does not list (石棉瓦加工厂): 小散乱污, the seed's type for everything
 * outside the 八小 list. A place with no kind said (厂子, 小作坊) has no type.
 */
function otherBusiness(t: string): [RegExp, "小散乱污", string] | undefined {
  const m = /([\p{Script=Han}]{1,4}?)(加工厂|加工点|加工|厂|作坊)/u.exec(t);
  if (!m) return undefined;
  const kind = (m[1] ?? "").replace(/^(?:.*(?:个|家|有|是|做|了|的|在|现))/u, "").replace(/^小型?|^家庭/, "");
  if (kind.length === 0 || /^(工|小|厂|子|村|组)$/.test(kind) || /村|组/.test(kind)) return undefined;
  return [/./, "小散乱污", `${kind}加工`];
}

const GROUP = `(?:${NUMBER}|\\d{1,2})组`;

/** One paper there, another missing (营业执照有环评没有, 环评没有其他手续有): 手续不全. */
const PAPER = "(?:营业执照|执照|环评|环保手续|环保|土地手续|其他手续|其它手续|手续|证)";
const MIXED_PERMITS = new RegExp(
  `${PAPER}(?:都)?有(?:的)?[,，]?${PAPER}(?:都)?(?:没有|没办|没|无)|${PAPER}(?:没有|没办|没|无)[,，]?${PAPER}(?:都)?有|有${PAPER}(?:但|[,，])?(?:没有|没|无)${PAPER}`,
);

/** 没废气, 没有污水, 无废水, 不冒烟: an emission the writer says is not there. */
const DENIED_EMISSION = /(?:没有|没|无|不)(?:涉)?(?:废气|废水|污水|冒烟|烟|气味|异味)/g;

/** 所在村组: 黄河村三组, 东赵村, 南月堤村 (the town before it cut off), 某某社区. */
function readVillage(t: string, towns: readonly string[]): string | undefined {
  const m = new RegExp(`([\\p{Script=Han}]{1,5}?(?:村|社区))(${GROUP})?`, "u").exec(t);
  if (!m) return undefined;
  let name = m[1] ?? "";
  // Words before the village's own name: 有个, 在, 发现, 就是那个 … and a town's name.
  const before = /^(?:.*(?:在|有|个|的|了|是|到|去|和|镇|办|道|现|边|啊|那))/u.exec(name);
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

/** 原辅材料: the materials said after a verb of use (用油漆、胶水, 烧废塑料, 原料锌锭), in order, 、-separated. */
function readMaterials(t: string): string | undefined {
  const found: string[] = [];
  const add = (m: string) => {
    if (!found.some((f) => f.includes(m))) found.push(m);
  };
  // A list (油漆、胶水) stays in its clause: 、 does not end one.
  for (const clause of t.split(/[,，。;；\s!！]+/)) {
    const verb = MATERIAL_VERBS.exec(clause);
    // 化工原料: a material may end in the very word that says it is one.
    const back = verb && /原料|材料/.test(verb[0]) ? 4 : 0;
    const rest = verb ? clause.slice(Math.max(0, verb.index - back)) : "";
    // 废旧轮胎炼油: the material before 炼油 is what is used.
    const before = /^(.*?)炼油/.exec(clause)?.[1] ?? "";
    // After 原料 the writer's own words are the material (原料废橡胶, not the 胶 in it).
    const own = verb && /原料|原材料|原辅材料/.test(verb[0]) ? namedAfter(clause, verb) : undefined;
    if (own) {
      own.forEach(add);
      continue;
    }
    let known = 0;
    for (const part of [before, rest]) {
      for (let i = 0; i < part.length; ) {
        const m = MATERIALS.find((w) => part.startsWith(w, i));
        if (m) {
          // PE颗粒: a code in Latin letters just before a material is part of its name.
          const code = /[a-z]+$/.exec(part.slice(0, i))?.[0] ?? "";
          add(code.toUpperCase() + m);
          known += 1;
          i += m.length;
        } else i += 1;
      }
    }
    // Nothing known after the verb: the writer's own words for it (原料锌锭、盐酸, 用洗衣粉).
    if (verb && known === 0) namedAfter(clause, verb)?.forEach(add);
    // A clause that is a material alone (… 五六个人 生皮 废水很臭).
    if (!verb && MATERIALS.includes(clause) && clause.length >= 2) add(clause);
  }
  // None said with a verb: a known material anywhere (油墨有废气, 废钢冲天炉); one-character ones (胶, 煤)
  // only with a verb, as 橡胶厂 or 燃煤 name no material.
  if (found.length === 0) {
    const flat = t.replace(/\s+/g, "");
    for (const m of MATERIALS.filter((w) => w.length >= 2)) {
      // 废塑料加工, 木材加工厂: the kind of business, not a material said.
      if (new RegExp(`${m}(?!加工|厂|作坊|分装|回收)`).test(flat)) add(m);
    }
  }
  return found.length ? found.join("、") : undefined;
}

/**
 * What follows 原料 / 原料是 / 用 up to the next fact (有废水, 没手续, 七八个人): the writer's own words for
 * the materials, a list split at 、 and 和 (原料锌锭、盐酸有废水 → 锌锭、盐酸; 原料PE新料 → PE新料).
 */
function namedAfter(clause: string, verb: RegExpExecArray): string[] | undefined {
  if (!/^(?:原辅材料|原材料|原料是|原料为|原料|使用|用)$/.test(verb[0])) return undefined;
  const after = clause.slice(verb.index + verb[0].length).replace(/^(?:的是|的|是|为|主要是|有)/, "");
  const stop = new RegExp(
    `(?:有|没|无|废水|废气|污水|冒烟|粉尘|手续|直排|排放|生产|做|加工|喷|烧|${NUMBER}(?:个|名|多|几|来|余)?(?:人|工))`,
  );
  const end = stop.exec(after);
  const phrase = (end ? after.slice(0, end.index) : after).replace(/[、和及]+$/, "");
  // 收来的废塑料: what comes before 的 says where it came from, not what it is.
  const items = phrase
    .split(/[、和及与]/)
    .map((x) => x.replace(/^.*的/, ""))
    .filter((x) => x.length > 0)
    .flatMap(splitKnown);
  if (items.length === 0 || items.some((x) => x.length > 8 || !/^[\p{Script=Han}A-Za-z0-9]+$/u.test(x)))
    return undefined;
  // Codes of materials are capitals (PE, PVC), whatever the reading's lower-casing made of them.
  return items.map((x) => x.replace(/[a-z]+/g, (w) => w.toUpperCase()));
}

/** 废铁焦炭 written without a 、: two known materials one after the other; anything else stays whole. */
function splitKnown(item: string): string[] {
  const parts: string[] = [];
  for (let i = 0; i < item.length; ) {
    const m = MATERIALS.find((w) => item.startsWith(w, i));
    if (!m) return [item];
    parts.push(m);
    i += m.length;
  }
  return parts;
}

function readRequirement(t: string): string | undefined {
  let last: { at: number; value: string } | undefined;
  for (const [re, value] of REQUIREMENT_WORDS) {
    for (const m of t.matchAll(re)) {
      // 拆 in 拆迁 or 拆开 is no demolition order.
      if (m[0] === "拆" && /拆(迁|开|卸)/.test(t.slice(m.index, m.index + 2))) continue;
      if (!last || m.index > last.at) last = { at: m.index, value };
    }
  }
  return last?.value;
}

/** 整治期限 written as a day (3月31日前, 期限4月15日); a relative one (月底前) is asked for. */
function readDeadline(t: string): string | undefined {
  // 3月25日, 3月25号, and before 前: 3月25前, 3.25前.
  const m =
    new RegExp(`(?:(\\d{4})年)?(${NUMBER})月(${NUMBER})(?:日|号)`).exec(t) ??
    new RegExp(`()(${NUMBER})月(${NUMBER})(?=前|之前|以前)`).exec(t) ??
    /()(\d{1,2})[.．](\d{1,2})(?:日|号)?(?=前|之前|以前)/.exec(t);
  if (!m) return undefined;
  const [mo, d] = [readNumber(m[2] ?? ""), readNumber(m[3] ?? "")];
  if (!mo || !d || mo > 12 || d > 31) return undefined;
  return m[1] ? `${m[1]}年${mo}月${d}日` : `${mo}月${d}日`;
}

/** 分包责任人: 责任人张三, 负责人钱七, 张三负责; 我负责 is the writer. */
function readResponsible(t: string, asker: string | undefined): string | undefined {
  const named =
    /(?:分包责任人|责任人|负责人|分包人|包片的是|包片人)(?:是|为|:)?([\p{Script=Han}]{2,3}?)(?=$|[,，。;；、\s\d]|负责)/u.exec(
      t,
    );
  if (named) return named[1];
  if (/我负责|我来负责|我包|由我/.test(t)) return asker;
  const before = /([\p{Script=Han}]{2,3})负责(?!人)/u.exec(t);
  if (before?.[1] && !/^(我|由|谁)/.test(before[1])) return before[1].replace(/^[，,、]/, "");
  return undefined;
}

/** 企业名称, only when the text names one (叫兴旺家具厂, 黄河村三组宏达塑料加工厂), not a kind (塑料厂). */
function readName(t: string): string | undefined {
  const endings = NAME_ENDINGS.join("|");
  const called = new RegExp(
    `(?:叫|名叫|名字叫|名称是|名为|厂名是?)([\\p{Script=Han}a-z0-9]{2,20}?(?:${endings}))`,
    "u",
  ).exec(t);
  if (called) return called[1];
  // 叫宏利纸业, 叫恒通铸造二十多个人: the words after 叫 up to the next fact (not 叫他整改).
  const free = new RegExp(
    `(?:叫|名叫|名字叫|名称是|名为)([\\p{Script=Han}A-Za-z0-9]{2,8}?)(?=$|[,，。;；、\\s]|${NUMBER}(?:多|几|来|余)?(?:个|名)?(?:人|工)|用|有|没|原料|搞|做|专门|主要|给|大约|大概|约)`,
    "u",
  ).exec(t);
  if (free?.[1] && !/^(?:他|她|它|人|老板|我|你|停|整改|拆)/.test(free[1])) return free[1];
  for (const m of t.matchAll(new RegExp(`([\\p{Script=Han}a-z0-9]{2,20}?)(${endings})`, "gu"))) {
    let head = m[1] ?? "";
    // What comes before the name: the village (…组, …村), 有个, 一家, 发现.
    const cut = /^.*(?:组|村|社区|有个|一个|一家|个|家|发现|新发现|的|在|是|有|镇)/u.exec(head);
    if (cut) head = head.slice(cut[0].length);
    // 工人用黏土和煤烧窑: a verb or 和 in it makes it a sentence, not a name.
    if (/[用和烧有没做]/.test(head)) continue;
    let proper = head;
    for (let again = true; again && proper; ) {
      again = false;
      const kind = [...KINDS, ...MATERIALS]
        .sort((a, b) => b.length - a.length)
        .find((k) => proper.endsWith(k));
      if (kind) {
        proper = proper.slice(0, -kind.length);
        again = true;
      }
    }
    if (proper.length >= 2) return head + m[2];
  }
  return undefined;
}
