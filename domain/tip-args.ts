import { type IsoDate, parseDate } from "./dates.js";
import { splitKeywords } from "./supervision-args.js";
import { quoteValue } from "./text-limits.js";

export const TIP_USAGE = "线索 夜间有刺鼻气味 地点 古荥镇黄河村三组 来源 12369";

export type TipArgs =
  | {
      ok: true;
      description: string;
      place: string;
      source: string;
      town: string | null;
      deadline: IsoDate | null;
    }
  | { ok: false; message: string };

/** Reads 线索 <描述> 地点 <…> [来源 12369] [镇 <镇名>] [期限 <日期>]. */
export function parseTipArgs(text: string, campaignYear: number): TipArgs {
  const { head, values } = splitKeywords(text, {
    place: ["地点", "位置", "地址"],
    source: ["来源"],
    town: ["镇（办）", "镇(办)", "所属镇", "镇办"],
    deadline: ["核实期限", "期限"],
  });
  const description = head || "";
  if (!description) return { ok: false, message: `请写明线索内容和地点，例如：\n${TIP_USAGE}` };
  if (description.length > 300) return { ok: false, message: "线索内容请不超过300字。" };
  if (!values.place) return { ok: false, message: `请写明地点，例如：\n${TIP_USAGE}` };
  let deadline: IsoDate | null = null;
  if (values.deadline) {
    deadline = parseDate(values.deadline, campaignYear);
    if (!deadline)
      return { ok: false, message: `核实期限${quoteValue(values.deadline)}无法识别，例如：期限 3月8日` };
  }
  return {
    ok: true,
    description,
    place: values.place.slice(0, 100),
    source: (values.source || "12369").slice(0, 40),
    town: values.town || null,
    deadline,
  };
}
