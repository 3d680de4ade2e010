import type { EnterpriseType, Permits, Requirement, WaterAir } from "./enums.js";
import { toHalfWidth } from "./text-normalize.js";

/**
 * Near-miss values people type, mapped to the seed's words. A value matching no rule, or
 * more than one (小散乱污/八小 left from the template), stays unknown and is reported.
 */
function pick<T extends string>(value: string, rules: [RegExp, T][]): T | null {
  const v = toHalfWidth(value).replace(/\s+/g, "");
  const found = new Set<T>();
  for (const [pattern, result] of rules) if (pattern.test(v)) found.add(result);
  const [only, ...more] = found;
  return only !== undefined && more.length === 0 ? only : null;
}

export const normalizeType = (v: string): EnterpriseType | null =>
  pick<EnterpriseType>(v, [
    [/^(小散乱污|小散乱|散乱污|小散|散乱污企业|小散乱污企业)$/, "小散乱污"],
    [/^(八小|八小企业)$/, "八小"],
  ]);

export const normalizeRequirement = (v: string): Requirement | null =>
  pick<Requirement>(v, [
    [/^(补办|补手续|补办手续|完善手续|办理手续)$/, "补办手续"],
    [/^(整改|整改完善|完善|整治|限期整改)$/, "整改完善"],
    [/^(拆除|限期拆除|取缔|关停取缔|取缔拆除|拆)$/, "限期拆除"],
  ]);

export const normalizeWaterAir = (v: string): WaterAir | null => {
  const s = toHalfWidth(v).replace(/[\s、,，/和及]/g, "");
  if (/^(涉水涉气|涉气涉水|水气|气水|均涉及|都涉及)$/.test(s)) return "涉水涉气";
  if (/^(涉水|水)$/.test(s)) return "涉水";
  if (/^(涉气|气)$/.test(s)) return "涉气";
  if (/^(不涉及|无|否|不涉|都不涉及|均不涉及)$/.test(s)) return "不涉及";
  return null;
};

export const normalizePermits = (v: string): Permits | null =>
  pick<Permits>(v, [
    [/^(有|齐全|全|手续齐全|有手续)$/, "有"],
    [/^(无|没有|无手续|否)$/, "无"],
    [/^(不全|部分|缺|不齐|不齐全|手续不全)$/, "不全"],
  ]);
