import { escapeRegExp } from "./escape-reg-exp.js";
import { type RawReportFields, REPORT_FIELDS, type ReportFieldKey } from "./report-fields.js";
import { squeeze, toHalfWidth } from "./text-normalize.js";

const SYNONYM_TO_KEY = new Map<string, ReportFieldKey>();
for (const field of REPORT_FIELDS) {
  for (const word of field.synonyms) SYNONYM_TO_KEY.set(toHalfWidth(word), field.key);
}
// Longest names first so that 企业名称 wins over 名称; a name counts only at the start of a line
// or after a separator, so a value that happens to contain 要求: is not cut in two.
const FIELD_NAME = new RegExp(
  `(^|[\\n;,、|\\s])(${[...SYNONYM_TO_KEY.keys()]
    .sort((a, b) => b.length - a.length)
    .map(escapeRegExp)
    .join("|")})\\s*[:=]`,
  "g",
);

export interface ParsedFields {
  fields: RawReportFields;
  /** Text that was not under any field name (besides the command word). */
  leftover: string;
}

/**
 * Splits a report message into raw field values. Accepts full- and half-width colons and
 * separators, one field per line or several on a line. Never throws.
 */
export function parseReportFields(text: string): ParsedFields {
  const normalized = toHalfWidth(text);
  const hits: { key: ReportFieldKey; nameStart: number; valueStart: number }[] = [];
  for (const m of normalized.matchAll(FIELD_NAME)) {
    const key = SYNONYM_TO_KEY.get(m[2] ?? "");
    if (!key) continue;
    const nameStart = m.index + (m[1] ?? "").length;
    hits.push({ key, nameStart, valueStart: m.index + m[0].length });
  }
  const fields: RawReportFields = {};
  for (const [i, hit] of hits.entries()) {
    const end = hits[i + 1]?.nameStart ?? text.length;
    // Cut from the original so a name keeps its full-width brackets; trim separators around it.
    const value = squeeze(text.slice(hit.valueStart, end).replace(/^[\s;；,，、|]+|[\s;；,，、|]+$/g, ""));
    if (value !== "") fields[hit.key] = value;
    else if (!(hit.key in fields)) fields[hit.key] = "";
  }
  const leftover = squeeze(text.slice(0, hits[0]?.nameStart ?? text.length));
  return { fields, leftover };
}
