import { ForbiddenError, InputError } from "../base/errors.js";
import { findCaseNo } from "../domain/case-number.js";
import { TOWN_ROLES } from "../domain/enums.js";
import { shortTime } from "../domain/history.js";
import { verdictText } from "../domain/photo-proof.js";
import { isValidPosition } from "../domain/plausible.js";
import { toHalfWidth } from "../domain/text-normalize.js";
import { auditBase } from "./audit-base.js";
import { assertOnFile } from "./case-access.js";
import { photoVerdicts } from "./case-proof.js";
import { ALL_ROLES, REPORTERS } from "./command.js";
import type { KnownContext } from "./context.js";
import type { InputHandler } from "./input-handler.js";

/**
 * A file sent as a photo that is not a picture (a text file named .jpg, a PDF, random bytes) is
 * answered plainly and filed nowhere: it can prove nothing. Tried before every other photo handler.
 */
export const notImageHandler: InputHandler = {
  on: "image",
  name: "上传照片",
  roles: ALL_ROLES,
  async run(ctx) {
    const sha = ctx.message.mediaSha256;
    if (!sha || (await ctx.repos.photos.isImage(sha)) !== false) return false;
    ctx.log.info({ sha256: sha }, "a photo that is not an image was refused");
    ctx.reply("这不是图片，无法识别为照片，未存入档案。请直接发送现场拍摄的照片（JPG/PNG）。");
    return true;
  },
};

/**
 * A photo goes into the file of the enterprise named in its caption, else the one the sender last
 * reported or named, and the sender learns at once whether it proves the case (domain/photo-proof.ts):
 * evidence must be trustworthy.
 */
export const photoHandler: InputHandler = {
  on: "image",
  name: "上传整治照片",
  roles: REPORTERS,
  refusal: "您的角色不能上传整治照片。",
  async run(ctx) {
    await attachPhoto(ctx);
    return true;
  },
};

async function attachPhoto(ctx: KnownContext): Promise<void> {
  const sha = ctx.message.mediaSha256;
  if (!sha) throw new InputError("照片未收到，请重新发送。");
  const caption = ctx.message.text ? toHalfWidth(ctx.message.text) : "";
  const caseNo = caption ? findCaseNo(caption) : null;
  const enterprise = caseNo
    ? await ctx.repos.enterprises.byCaseNo(caseNo)
    : ctx.person.focusEnterpriseId
      ? await ctx.repos.enterprises.byId(ctx.person.focusEnterpriseId)
      : undefined;
  if (!enterprise) {
    throw new InputError(
      caseNo ? `未找到案件 ${caseNo}。` : "请先上报企业，或发送「查询 案件编号」指定企业，再发送照片。",
    );
  }
  assertOnFile(enterprise);
  if (TOWN_ROLES.includes(ctx.person.role) && ctx.person.townId !== enterprise.townId) {
    throw new ForbiddenError(
      `【${enterprise.caseNo}】属于${enterprise.townName}，您只能为本镇（办）的企业上传照片。`,
    );
  }
  const now = ctx.clock.now().toISOString();
  const result = await ctx.repos.photos.attach({
    enterpriseId: enterprise.id,
    sha256: sha,
    personId: ctx.person.id,
    inboundId: ctx.message.id,
    at: now,
  });
  if (!result) {
    ctx.reply(`这张照片已在【${enterprise.caseNo}】档案中。`);
    return;
  }
  await ctx.repos.persons.setFocus(ctx.person.id, enterprise.id);
  await ctx.repos.audit.record({
    ...auditBase(ctx, now),
    action: "photo",
    entityType: "enterprise",
    entityId: enterprise.id,
    after: { sha256: sha },
    note: result.reusedOn.length ? `与 ${result.reusedOn.join("、")} 照片相同` : undefined,
  });
  const judged = await photoVerdicts(ctx, enterprise);
  const mine = judged.find((j) => j.photo.sha256 === sha);
  const lines = [`📷 照片已存入【${enterprise.caseNo}】${enterprise.name}档案（共${judged.length}张）`];
  if (mine?.photo.takenAt) lines.push(`拍摄时间 ${shortTime(mine.photo.takenAt)}`);
  if (mine?.photo.gps)
    lines.push(`拍摄位置 ${mine.photo.gps.lat.toFixed(5)}, ${mine.photo.gps.lng.toFixed(5)}`);
  if (mine && !mine.verdict.proves) lines.push(`⚠️ 照片${mine.photo.seq}${verdictText(mine.verdict)}`);
  ctx.reply(lines.join("\n"));
}

/** A shared location becomes the site position of the enterprise the sender is working on. */
export const locationHandler: InputHandler = {
  on: "location",
  name: "标注企业位置",
  roles: REPORTERS,
  async run(ctx) {
    await recordLocation(ctx);
    return true;
  },
};

async function recordLocation(ctx: KnownContext): Promise<void> {
  const loc = ctx.message.location;
  if (!loc) throw new InputError("位置未收到，请重新发送。");
  if (!isValidPosition(loc)) {
    throw new InputError("位置坐标无效（纬度应在 -90～90、经度在 -180～180 之间），未记录。请重新发送位置。");
  }
  const focus = ctx.person.focusEnterpriseId;
  const enterprise = focus ? await ctx.repos.enterprises.byId(focus) : undefined;
  if (!enterprise) throw new InputError("请先上报企业或「查询 案件编号」，再发送位置。");
  assertOnFile(enterprise);
  if (TOWN_ROLES.includes(ctx.person.role) && ctx.person.townId !== enterprise.townId) {
    throw new ForbiddenError("您只能为本镇（办）的企业标注位置。");
  }
  const now = ctx.clock.now().toISOString();
  await ctx.repos.enterprises.update(enterprise.id, {
    site_lat: loc.lat,
    site_lng: loc.lng,
    updated_at: now,
  });
  await ctx.repos.audit.record({
    ...auditBase(ctx, now),
    action: "location",
    entityType: "enterprise",
    entityId: enterprise.id,
    before: { lat: enterprise.siteLat, lng: enterprise.siteLng },
    after: { lat: loc.lat, lng: loc.lng },
    note: loc.label?.slice(0, 200),
  });
  ctx.reply(`📍 已记录【${enterprise.caseNo}】${enterprise.name}的位置${loc.label ? `：${loc.label}` : ""}`);
}
