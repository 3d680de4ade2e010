import { NUMBER } from "./numbers.js";
import { MATERIAL_VERBS, MATERIALS } from "./report-words.js";

/**
 * Words that make a clause a fact of its own (七八个人, 粉尘大, 没手续, 整改, 钱七负责, 4月10号前), not one
 * more material of a list written with spaces (用的机油 防冻液, 原料 废钢 生铁).
 */
const FACT =
  /人|个|有|没|无|木|涉|废水|废气|污水|烟|味|尘|灰|臭|排|手续|证|执照|环评|整|拆|补|取缔|关停|停|前|负责|村|组|厂|店|作坊|窑|大|小|我|要|让|喷|烧|洗|熨|做|弄|干|生产|加工|破碎|规模|地点|名称|时限|期限|要求|号|日|月|不|很|多|少|可|都|也|直|冒|[0-9]/;

/** A clause of known materials only (生皮, 废铁焦炭, 油墨、纸张): its items; else undefined. */
function knownList(clause: string): string[] | undefined {
  const items = clause.split(/[、和跟及]/).flatMap(splitKnown);
  return clause.length >= 2 && items.every((x) => MATERIALS.includes(x)) ? items : undefined;
}

/** 原辅材料: the materials said after a verb of use (用油漆、胶水, 烧废塑料, 原料锌锭), in order, 、-separated. */
export function readMaterials(t: string): string | undefined {
  const found: string[] = [];
  const add = (m: string) => {
    if (!found.some((f) => f.includes(m))) found.push(m);
  };
  // 废旧轮胎炼油: the kind of business names its material only when no other clause does (轮胎炼油 … 废轮胎).
  const byKind: string[] = [];
  // A list written with spaces (原料 废钢 生铁, 用高锰酸钾 漂白粉) goes on after a clause that ends in it.
  let open = false;
  // A list (油漆、胶水) stays in its clause: 、 does not end one.
  for (const clause of t.split(/[,，。;；\s!！]+/)) {
    if (clause.length === 0) continue;
    if (
      open &&
      (MATERIALS.includes(clause) ||
        (!MATERIAL_VERBS.test(clause) && !FACT.test(clause) && /^[\p{Script=Han}A-Za-z]{2,6}$/u.test(clause)))
    ) {
      add(clause.replace(/^(?:就是|是)/, "").replace(/[a-z]+/g, (w) => w.toUpperCase()));
      continue;
    }
    open = false;
    // 以废旧农膜为原料: the words between 以 and 为原料 are the materials.
    const asMaterial =
      /以([\p{Script=Han}A-Za-z0-9、和]{1,12}?)(?:为|作为|做)(?:主要)?(?:原辅材料|原材料|原料)/u.exec(clause);
    if (asMaterial?.[1]) {
      asMaterial[1]
        .split(/[、和]/)
        .filter(Boolean)
        .forEach(add);
      continue;
    }
    const found0 = MATERIAL_VERBS.exec(clause);
    // 不用整改, 不烧了: a verb denied uses nothing.
    const verb = found0 && !/[不没]$/.test(clause.slice(0, found0.index)) ? found0 : null;
    // 原料 alone, as a form's label: its items follow.
    if (verb && /^(?:原辅材料|原材料|原料|材料|主要原料)[:：]?$/.test(clause)) {
      open = true;
      continue;
    }
    // 化工原料: a material may end in the very word that says it is one.
    const back = verb && /原料|材料/.test(verb[0]) ? 4 : 0;
    const rest = verb ? clause.slice(Math.max(0, verb.index - back)) : "";
    // 废旧轮胎炼油: the material before 炼油 is what is used.
    const before = /^(.*?)炼油/.exec(clause)?.[1] ?? "";
    // After 原料 the writer's own words are the material (原料废橡胶, not the 胶 in it).
    const own = verb && /原料|原材料|原辅材料/.test(verb[0]) ? namedAfter(clause, verb) : undefined;
    if (own) {
      own.forEach(add);
      open = own.length > 0 && clause.endsWith(own[own.length - 1] ?? "");
      continue;
    }
    let known = 0;
    for (const m of MATERIALS) if (before.endsWith(m) && !byKind.some((k) => k.includes(m))) byKind.push(m);
    for (const part of [rest]) {
      for (let i = 0; i < part.length; ) {
        const m = knownAt(part, i);
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
    const named = verb && known === 0 ? namedAfter(clause, verb) : undefined;
    named?.forEach(add);
    // A clause that is a material alone (… 五六个人 生皮 废水很臭), or known ones run together.
    const bare = verb ? undefined : knownList(clause);
    bare?.forEach(add);
    const last = found[found.length - 1];
    // 砖窑 黏土 煤: a clause of known materials opens a list too.
    open =
      Boolean(bare) ||
      Boolean(
        verb && (known > 0 || named?.length) && last && clause.toUpperCase().endsWith(last.toUpperCase()),
      );
  }
  if (found.length === 0) byKind.forEach(add);
  // None said with a verb: a known material anywhere (油墨有废气, 废钢冲天炉); one-character ones (胶, 煤)
  // only with a verb, as 橡胶厂 or 燃煤 name no material.
  if (found.length === 0) {
    const flat = t.replace(/\s+/g, "");
    for (const m of MATERIALS.filter((w) => w.length >= 2)) {
      // 废塑料加工, 木材加工厂: the kind of business, not a material said; 洗车水排下水道: a discharge.
      const at = new RegExp(`([a-z]*)${m}(?!加工|厂|作坊|分装|回收|乱排|直排|外排|排|流|倒)`).exec(flat);
      // PP颗粒做塑料盆: a code in Latin letters before it is part of its name.
      if (at) add((at[1] ?? "").toUpperCase() + m);
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
  const after = clause
    .slice(verb.index + verb[0].length)
    .replace(/^(?:的是|的|就是|都是|主要是|主要用|是|为|有)+/, "");
  const stop = new RegExp(
    `(?:有|没|无|废水|废气|污水|冒烟|粉尘|手续|直排|排放|生产|做|加工|喷|烧|${NUMBER}(?:个|名|多|几|来|余)?(?:人|工))`,
  );
  const end = stop.exec(after);
  const phrase = (end ? after.slice(0, end.index) : after).replace(/[、和及]+$/, "");
  // 收来的废塑料: what comes before 的 says where it came from, not what it is.
  const items = phrase
    .split(/[、和及与跟]/)
    .map((x) => x.replace(/^.*的/, ""))
    .filter((x) => x.length > 0)
    .flatMap(splitKnown);
  if (items.length === 0 || items.some((x) => x.length > 8 || !/^[\p{Script=Han}A-Za-z0-9]+$/u.test(x)))
    return undefined;
  // Codes of materials are capitals (PE, PVC), whatever the reading's lower-casing made of them.
  return items.map((x) => x.replace(/[a-z]+/g, (w) => w.toUpperCase()));
}

/** The known material at i; 颗粒 or 粒子 right after one is its form, not a second (废旧塑料颗粒). */
function knownAt(s: string, i: number): string | undefined {
  const m = MATERIALS.find((w) => s.startsWith(w, i));
  if (!m || /^(?:颗粒|粒子)$/.test(m)) return m;
  const form = /^(?:颗粒|粒子)/.exec(s.slice(i + m.length))?.[0];
  return form ? m + form : m;
}

/** 废铁焦炭 written without a 、: two known materials one after the other; anything else stays whole. */
function splitKnown(item: string): string[] {
  const parts: string[] = [];
  for (let i = 0; i < item.length; ) {
    const m = knownAt(item, i);
    if (!m) return [item];
    parts.push(m);
    i += m.length;
  }
  return parts;
}
