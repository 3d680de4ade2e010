import { findCaseNo } from "../domain/case-number.js";
import { toHalfWidth } from "../domain/text-normalize.js";
import { ALL_ROLES, REPORTERS } from "./command.js";
import type { InputHandler } from "./input-handler.js";

const DESCRIBE =
  "请接着描述这家企业（如：黄河村三组有个塑料厂，十来个人，烧废塑料，没手续，要拆），或按模板上报。";

/**
 * A photo sent before the report it belongs to: with an unfinished report in this chat, or with no
 * enterprise being worked on, it waits on the draft and goes into the case's file once filed. A photo
 * naming a case (caption GY-0007), or sent while working on one, goes on to that case as before.
 */
export const draftPhotoHandler: InputHandler = {
  on: "image",
  name: "上报照片",
  // Other roles pass on to the photo handler, which refuses them in its own words.
  roles: ALL_ROLES,
  async run(ctx) {
    const sha = ctx.message.mediaSha256;
    if (!sha || !REPORTERS.includes(ctx.person.role)) return false;
    if (ctx.message.text && findCaseNo(toHalfWidth(ctx.message.text))) return false;
    const draft = await ctx.repos.drafts.get(ctx.person.id, ctx.chatKey);
    if (!draft && ctx.person.focusEnterpriseId) return false;
    const now = ctx.clock.now().toISOString();
    const photos = draft?.photos ?? [];
    if (!photos.some((p) => p.sha256 === sha))
      photos.push({ sha256: sha, inboundId: ctx.message.id, at: now });
    await ctx.repos.drafts.save(
      ctx.person.id,
      ctx.chatKey,
      { ...(draft ?? { fields: {}, duplicateOf: null }), photos },
      now,
    );
    const started = draft && Object.keys(draft.fields).length > 0;
    ctx.reply(
      [
        `📷 照片已收到（共${photos.length}张），上报提交后存入该企业档案。`,
        started ? "上报尚未提交：补充缺少的项，或回复「确认」/「取消」。" : DESCRIBE,
      ].join("\n"),
    );
    return true;
  },
};
