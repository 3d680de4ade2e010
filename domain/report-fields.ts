import { z } from "zod";

/**
 * The fields of a report (上报), named as in 附件1, with the short names people type.
 * Order is the ledger's column order; it is also the order of the template and of error lists.
 */
export const REPORT_FIELDS = [
  {
    key: "name",
    label: "企业名称",
    synonyms: ["企业名称", "单位名称", "企业名", "名称", "企业"],
    required: true,
  },
  {
    key: "town",
    label: "镇（办）",
    synonyms: ["所在镇办", "所在镇", "镇（办）", "镇(办)", "镇办", "乡镇", "镇"],
    required: false,
  },
  {
    key: "village",
    label: "所在村组",
    synonyms: ["所在村组", "所在村", "村组", "地址", "位置"],
    required: true,
  },
  { key: "type", label: "企业类型", synonyms: ["企业类型", "类型"], required: true },
  { key: "scale", label: "企业规模", synonyms: ["企业规模", "规模", "人员", "人数"], required: true },
  { key: "materials", label: "原辅材料", synonyms: ["原辅材料", "原材料", "原料", "材料"], required: true },
  { key: "waterAir", label: "涉水涉气", synonyms: ["涉水涉气", "涉水气", "水气"], required: true },
  { key: "permits", label: "有无手续", synonyms: ["有无手续", "手续情况", "手续"], required: true },
  { key: "requirement", label: "整治要求", synonyms: ["整治要求", "要求"], required: true },
  {
    key: "deadline",
    label: "整治期限",
    synonyms: ["整治期限", "截止日期", "截止时间", "期限"],
    required: true,
  },
  { key: "responsible", label: "分包责任人", synonyms: ["分包责任人", "责任人"], required: true },
  { key: "remarks", label: "备注", synonyms: ["备注", "说明"], required: false },
] as const;

export type ReportFieldKey = (typeof REPORT_FIELDS)[number]["key"];
export type RawReportFields = Partial<Record<ReportFieldKey, string>>;
/** A draft's fields as stored: the check a stored draft passes before it is used again. */
export const rawReportFieldsSchema: z.ZodType<RawReportFields> = z.partialRecord(
  z.enum(REPORT_FIELDS.map((f) => f.key)),
  z.string(),
);

export const FIELD_LABEL: Record<ReportFieldKey, string> = Object.fromEntries(
  REPORT_FIELDS.map((f) => [f.key, f.label]),
) as Record<ReportFieldKey, string>;

/** The copyable template shown by 帮助 and after a report with errors. */
export const REPORT_TEMPLATE = [
  "上报",
  "企业名称：",
  "所在村组：",
  "企业类型：小散乱污/八小",
  "企业规模：",
  "原辅材料：",
  "涉水涉气：涉水/涉气/涉水涉气/不涉及",
  "有无手续：有/无/不全",
  "整治要求：补办手续/整改完善/限期拆除",
  "整治期限：",
  "分包责任人：",
  "备注：",
].join("\n");
