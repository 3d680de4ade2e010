import { readNumber } from "./numbers.js";

const CN = "[〇零一二两三四五六七八九十百]";
const NUM = `(?:\\d{1,4}|${CN}{1,4})`;
const PEOPLE = "(?:个|名|位|号|口)?(?:人|工人|员工|职工|工|人员|个人)";

/**
 * 企业规模 in the contract's one form: 12人, 约10人 (十来个, 十个左右, 大约十个), 10余人 (十几个, 十多个),
 * 5-6人 (五六个), 约15人 (约15人, 大约30人), 2人 (俩人), 10余人 (十几号人). Undefined when no headcount is written.
 */
export function readScale(text: string): string | undefined {
  // 人不多就三四个: a range of two neighbours ending a clause, 个 alone, is a headcount.
  const bare =
    /(?<![\d〇零一二两三四五六七八九十百])([一二两三四五六七八九])([一二三四五六七八九])个(?=$|[\s,，。;；])/.exec(
      text,
    );
  const t = text.replace(/\s+/g, "");
  // 二三十个人, 四五十个: two neighbouring tens.
  const tens = new RegExp(
    `(?<![\\d〇零一二两三四五六七八九十百])([一二两三四五六七八九])([一二三四五六七八九])十(?:来|多)?${PEOPLE}`,
  ).exec(t);
  if (tens) {
    const [a, b] = [readNumber(tens[1] ?? ""), readNumber(tens[2] ?? "")];
    if (a && b && b === a + 1) return `${a * 10}-${b * 10}人`;
  }
  const count = readCount(t);
  // 老板两口子加一个徒弟 三个人: a count said outright wins over the couple.
  if (count) return count;
  if (/两口子|夫妻俩|夫妻两个|夫妻二人|老两口/.test(t)) return "2人";
  if (bare) {
    const [a, b] = [readNumber(bare[1] ?? ""), readNumber(bare[2] ?? "")];
    if (a && b && b === a + 1) return `${a}-${b}人`;
  }
  // 估计有十来个, 工人二十几个: 来/几/多 before 个 alone, ending a clause.
  const about = new RegExp(
    `(?<![\\d〇零一二两三四五六七八九十百])(${NUM})(来|几|多|余)个(?=$|[\\s,，。;；])`,
  ).exec(text);
  const n = about ? readNumber(about[1] ?? "") : null;
  if (about && n && n >= 10 && n < 10000) return about[2] === "来" ? `约${n}人` : `${n}余人`;
  return undefined;
}

function readCount(t: string): string | undefined {
  // 百十号人: about a hundred, not 110.
  if (/百十(?:来)?(?:个|号)?人/.test(t)) return "约100人";
  // 俩人, 仨人: two, three (spoken).
  const spoken = /(?<![\d〇零一二两三四五六七八九十百])(俩|仨)(?:个)?(?:人|工人)/.exec(t);
  if (spoken) return spoken[1] === "俩" ? "2人" : "3人";
  // A range of two neighbouring numbers: 五六个人, 十五六个人 (15-16), 二十二三个 (22-23), 7、8个人.
  let m = new RegExp(
    `((?:[一二三四五六七八九]?十)?)([一二两三四五六七八九])([一二三四五六七八九])${PEOPLE}`,
  ).exec(t);
  if (m) {
    const tens = m[1] ? (readNumber(m[1]) ?? 0) : 0;
    const [a, b] = [readNumber(m[2] ?? ""), readNumber(m[3] ?? "")];
    if (a && b && b === a + 1) return `${tens + a}-${tens + b}人`;
  }
  m = /(\d)[-~、到至](\d+)(?:个|名)?(?:人|工人)/.exec(t);
  if (m) return `${m[1]}-${m[2]}人`;
  const shapes: [RegExp, (n: number, m: RegExpExecArray) => string][] = [
    // 十几个, 二十多人, 十余人, 二十几个工人
    [new RegExp(`(${NUM})(?:几|多|余)${PEOPLE}`), (n) => `${n}余人`],
    // 十来个, 四十来人
    [new RegExp(`(${NUM})来${PEOPLE}`), (n) => `约${n}人`],
    // 大约20人, 大概6个人, 约15人, 30人左右
    [new RegExp(`(?:大约|大概|约|差不多|将近|估计|有)?(${NUM})${PEOPLE}(左右|上下)`), (n) => `约${n}人`],
    // 二十个左右工人
    [new RegExp(`(${NUM})个?(?:左右|上下)(?:个|名)?(?:人|工人|员工|职工)`), (n) => `约${n}人`],
    [new RegExp(`(?:大约|大概|约|差不多|将近|估计)(${NUM})${PEOPLE}`), (n) => `约${n}人`],
    // 工人二十几个, 人员约15名
    [
      new RegExp(`(?:工人|员工|人员|人数)(?:大约|大概|约)?(?:有)?(${NUM})(?:几|多|余)(?:个|名|人)`),
      (n) => `${n}余人`,
    ],
    [new RegExp(`(?:工人|员工|人员|人数)(?:大约|大概|约)(?:有)?(${NUM})(?:个|名|人)`), (n) => `约${n}人`],
    [new RegExp(`(?:工人|员工|人员|人数)(?:大约|大概|约)?(?:有)?(${NUM})来(?:个|名|人)`), (n) => `约${n}人`],
    [new RegExp(`(?:工人|员工|人员|人数)(?:有)?(${NUM})(?:个|名|人)`), (n) => `${n}人`],
    [new RegExp(`(${NUM})${PEOPLE}`), (n) => `${n}人`],
  ];
  for (const [re, form] of shapes) {
    const hit = re.exec(t);
    if (!hit) continue;
    const n = readNumber(hit[1] ?? "");
    if (n && n > 0 && n < 10000) return form(n, hit);
  }
  return undefined;
}
