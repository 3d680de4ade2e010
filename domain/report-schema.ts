import { z } from "zod";
import { chineseDate, type IsoDate, parseDate } from "./dates.js";
import {
  ENTERPRISE_TYPES,
  type EnterpriseType,
  PERMITS,
  type Permits,
  REQUIREMENTS,
  type Requirement,
  WATER_AIR,
  type WaterAir,
} from "./enums.js";
import { FIELD_LABEL, type RawReportFields, REPORT_FIELDS, type ReportFieldKey } from "./report-fields.js";
import { quoteValue } from "./text-limits.js";
import { cleanFieldText } from "./text-normalize.js";
import {
  normalizePermits,
  normalizeRequirement,
  normalizeType,
  normalizeWaterAir,
} from "./value-normalize.js";

/** A report that passed validation: every value in the seed's words. */
export interface EnterpriseReport {
  name: string;
  town?: string;
  village: string;
  type: EnterpriseType;
  scale: string;
  materials: string;
  waterAir: WaterAir;
  permits: Permits;
  requirement: Requirement;
  deadline: IsoDate;
  responsible: string;
  remarks?: string;
}

const text = (max: number) => z.string().trim().min(1, "不能为空").max(max, `不超过${max}字`);
const enterpriseReportSchema = z.object({
  name: text(60),
  town: z.string().max(20).optional(),
  village: text(60),
  type: z.enum(ENTERPRISE_TYPES),
  scale: text(40),
  materials: text(60),
  waterAir: z.enum(WATER_AIR),
  permits: z.enum(PERMITS),
  requirement: z.enum(REQUIREMENTS),
  deadline: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  responsible: text(20),
  remarks: z.string().max(200, "不超过200字").optional(),
});

interface FieldError {
  field: ReportFieldKey;
  label: string;
  message: string;
}

export type ReportValidation =
  | { ok: true; report: EnterpriseReport; reinterpreted: { label: string; from: string; to: string }[] }
  | { ok: false; errors: FieldError[]; reinterpreted: { label: string; from: string; to: string }[] };

const ALLOWED: Partial<Record<ReportFieldKey, string>> = {
  type: ENTERPRISE_TYPES.join("/"),
  waterAir: WATER_AIR.join("/"),
  permits: PERMITS.join("/"),
  requirement: REQUIREMENTS.join("/"),
};

/** What a field accepts, as the answer to a missing or wrong value shows it (dates in the campaign's year). */
const accepts = (field: ReportFieldKey, campaignYear: number): string | undefined =>
  field === "deadline" ? `日期，如 ${campaignYear}-03-31、3月31日` : ALLOWED[field];

/**
 * Turns raw field values into a report, or names every field that is missing or wrong with the
 * values it allows. Emoji and invisible characters are taken out of every value (and the change
 * named). With `notBefore` (today, for a new report), a 整治期限 before it is refused: a deadline
 * already past would set off 限期整治 at once. Never throws, whatever the input.
 */
export function validateReport(
  raw: RawReportFields,
  campaignYear: number,
  options: { notBefore?: IsoDate } = {},
): ReportValidation {
  const errors: FieldError[] = [];
  const reinterpreted: { label: string; from: string; to: string }[] = [];
  const candidate: Record<string, unknown> = {};
  const fail = (field: ReportFieldKey, message: string) =>
    errors.push({ field, label: FIELD_LABEL[field], message });

  for (const field of REPORT_FIELDS) {
    const typed = raw[field.key]?.trim() ?? "";
    const value = cleanFieldText(typed).trim();
    if (value !== typed && value !== "") reinterpreted.push({ label: field.label, from: typed, to: value });
    if (value === "") {
      const hint = accepts(field.key, campaignYear);
      if (field.required) fail(field.key, hint ? `缺少，可填：${hint}` : "缺少");
      continue;
    }
    const normalizer = {
      type: normalizeType,
      waterAir: normalizeWaterAir,
      permits: normalizePermits,
      requirement: normalizeRequirement,
      deadline: (v: string) => parseDate(v, campaignYear),
    }[field.key as string] as ((v: string) => string | null) | undefined;
    if (!normalizer) {
      candidate[field.key] = value;
      continue;
    }
    const normalized = normalizer(value);
    if (normalized === null) {
      fail(field.key, `${quoteValue(value)}无法识别，可填：${accepts(field.key, campaignYear)}`);
      continue;
    }
    if (normalized !== value && field.key !== "deadline") {
      reinterpreted.push({ label: field.label, from: value, to: normalized });
    }
    if (field.key === "deadline" && options.notBefore && normalized < options.notBefore) {
      fail(
        field.key,
        `${chineseDate(normalized)} 已过，请写今天（${chineseDate(options.notBefore)}）以后的日期`,
      );
      continue;
    }
    candidate[field.key] = normalized;
  }

  const parsed = enterpriseReportSchema.safeParse(candidate);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = issue.path[0] as ReportFieldKey;
      if (!errors.some((e) => e.field === key)) fail(key, issue.message);
    }
  }
  if (errors.length > 0 || !parsed.success) {
    const order = REPORT_FIELDS.map((f) => f.key as ReportFieldKey);
    errors.sort((a, b) => order.indexOf(a.field) - order.indexOf(b.field));
    return { ok: false, errors, reinterpreted };
  }
  return { ok: true, report: parsed.data as EnterpriseReport, reinterpreted };
}
