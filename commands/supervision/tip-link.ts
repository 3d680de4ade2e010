import { ForbiddenError } from "../../base/errors.js";
import type { Enterprise } from "../../domain/enterprise.js";
import { TOWN_ROLES } from "../../domain/enums.js";
import { extractSerialNo, TIP_PREFIX } from "../../domain/supervision-transfer.js";
import { auditBase } from "../audit-base.js";
import { ALL_ROLES, REPORTERS } from "../command.js";
import type { KnownContext } from "../context.js";
import type { InputHandler } from "../input-handler.js";
import { supervision } from "./supervision-shared.js";

/**
 * A photo goes to a tip when its caption names one (XS-0003), or when the sender's last act was
 * registering or verifying a tip (their enterprise focus is then cleared). Returns false when the
 * photo is not for a tip: the enterprise photo flow takes it.
 */
export const tipPhotoHandler: InputHandler = {
  on: "image",
  name: "上传线索照片",
  // Whoever registered the tip may add its photos (线索 is open to every role); the check is inside.
  roles: ALL_ROLES,
  run: attachTipPhoto,
};

async function attachTipPhoto(ctx: KnownContext): Promise<boolean> {
  const sha = ctx.message.mediaSha256;
  if (!sha) return false;
  const repos = supervision(ctx);
  const named = extractSerialNo(ctx.message.text ?? "", TIP_PREFIX).no;
  const tip = named
    ? await repos.tips.byNo(named)
    : ctx.person.focusEnterpriseId == null
      ? await repos.tips.focusOf(ctx.person.id).then((id) => (id ? repos.tips.byId(id) : undefined))
      : undefined;
  if (!tip || tip.enterpriseId) return false;
  const mine = tip.registeredBy === ctx.person.id;
  const townOk = !TOWN_ROLES.includes(ctx.person.role) || ctx.person.townId === tip.townId;
  if (!mine && !(REPORTERS.includes(ctx.person.role) && townOk)) {
    throw new ForbiddenError(`线索 ${tip.tipNo} 属于${tip.townName}，您不能为其上传照片。`);
  }
  const at = ctx.clock.now().toISOString();
  const added = await repos.tips.addPhoto(tip.id, sha, ctx.person.id, at);
  const count = (await repos.tips.photos(tip.id)).length;
  if (added) {
    await ctx.repos.audit.record({
      ...auditBase(ctx, at),
      action: "tip_photo",
      entityType: "tip",
      entityId: tip.id,
      after: { sha256: sha },
    });
  }
  ctx.reply(added ? `📷 照片已存入线索 ${tip.tipNo}（共${count}张）` : `这张照片已在线索 ${tip.tipNo} 中。`);
  return true;
}

/**
 * Links a tip found true (属实) to the enterprise it became: the report's 备注 carries the tip number
 * (核实 pre-fills it). The tip's photos move into the enterprise's file. Called after a report is filed.
 */
export async function linkTipToEnterprise(
  ctx: KnownContext,
  enterprise: Enterprise,
  tipNo?: string,
): Promise<void> {
  const no = tipNo ?? extractSerialNo(enterprise.remarks ?? "", TIP_PREFIX).no;
  if (!no) return;
  const repos = supervision(ctx);
  const tip = await repos.tips.byNo(no);
  if (tip?.status !== "confirmed" || tip.enterpriseId) return;
  const at = ctx.clock.now().toISOString();
  await repos.tips.linkEnterprise(tip.id, enterprise.id);
  const photos = await repos.tips.photos(tip.id);
  for (const p of photos) {
    await ctx.repos.photos.attach({
      enterpriseId: enterprise.id,
      sha256: p.sha256,
      personId: p.personId ?? ctx.person.id,
      inboundId: null,
      at,
    });
  }
  const audit = auditBase(ctx, at);
  await ctx.repos.audit.record({
    ...audit,
    action: "tip_link",
    entityType: "enterprise",
    entityId: enterprise.id,
    after: { tipNo: tip.tipNo },
    note: `由${tip.source}举报线索 ${tip.tipNo} 核实转为案件`,
  });
  await ctx.repos.audit.record({
    ...audit,
    action: "tip_link",
    entityType: "tip",
    entityId: tip.id,
    after: { caseNo: enterprise.caseNo },
  });
  ctx.reply(
    `🔗 线索 ${tip.tipNo} 已转为案件【${enterprise.caseNo}】${photos.length ? `，线索照片 ${photos.length} 张已存入档案` : ""}。`,
  );
}
