import { readReport } from "../domain/reading/report-reading.js";
import type { RawReportFields } from "../domain/report-fields.js";
import { ALL_ROLES, REPORTERS } from "./command.js";
import type { KnownContext } from "./context.js";
import type { InputHandler } from "./input-handler.js";
import { addressed } from "./plain-question.js";
import { advanceDraft } from "./report-flow.js";

/** The fields a free-text description gives (黄河村三组有个塑料厂，十来个人…), or none. */
export async function freeTextFields(ctx: KnownContext): Promise<RawReportFields | null> {
  if (!REPORTERS.includes(ctx.person.role)) return null;
  const towns = (await ctx.repos.towns.list()).map((t) => t.name);
  const reading = readReport(ctx.text, { towns, asker: ctx.person.name });
  return reading && Object.keys(reading.fields).length > 0 ? reading.fields : null;
}

/**
 * An inspector's description of an enterprise in free words becomes a 上报 draft with the fields it
 * gives, shown back with only the missing ones asked; nothing is filed until 确认. Anyone else's
 * text, or text that is no such description, goes on to the next handler (a question).
 */
export const freeTextReportHandler: InputHandler = {
  on: "text",
  name: "描述上报",
  // Every role passes: a director's text is a question, not refused here.
  roles: ALL_ROLES,
  async run(ctx) {
    if (!addressed(ctx)) return false;
    const fields = await freeTextFields(ctx);
    if (!fields) return false;
    await advanceDraft(ctx, fields, false, { needsConfirm: true });
    return true;
  },
};
