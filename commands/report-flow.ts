import { today } from "../base/clock.js";
import { enterpriseCard } from "../domain/card.js";
import { formatCaseNo } from "../domain/case-number.js";
import { INITIAL_STATE } from "../domain/enums.js";
import {
  FIELD_LABEL,
  type RawReportFields,
  REPORT_FIELDS,
  type ReportFieldKey,
} from "../domain/report-fields.js";
import { validateReport } from "../domain/report-schema.js";
import { chooseReportTown } from "../domain/report-town.js";
import { enterpriseNameKey } from "../domain/text-normalize.js";
import type { DraftPhoto } from "../storage/drafts-repo.js";
import { auditBase } from "./audit-base.js";
import type { KnownContext } from "./context.js";
import { linkTipToEnterprise } from "./supervision/tip-link.js";

/** Later values fill or correct the draft; an empty value never erases what was sent before. */
export function mergeFields(draft: RawReportFields, update: RawReportFields): RawReportFields {
  const merged: RawReportFields = { ...draft };
  for (const [key, value] of Object.entries(update) as [ReportFieldKey, string][]) {
    if (value.trim() !== "") merged[key] = value;
  }
  return merged;
}

/** How a draft goes on: read from free text (filed after 确认), or 确认 given now. */
export interface AdvanceOptions {
  /** The draft was read from a free-text description: show it back, file only after 确认. */
  needsConfirm?: boolean;
  /** The person answered 确认 (or 仍然上报). */
  confirmed?: boolean;
}

/**
 * Takes a draft as far as it goes: names what is missing or wrong (keeping the draft), stops at a
 * duplicate unless forced, shows a free-text draft back until 确认, or files the enterprise (with the
 * photos sent before it) and answers with its card.
 */
export async function advanceDraft(
  ctx: KnownContext,
  fields: RawReportFields,
  force: boolean,
  options: AdvanceOptions = {},
): Promise<void> {
  const { repos, person } = ctx;
  const now = ctx.clock.now().toISOString();
  const prior = await repos.drafts.get(person.id, ctx.chatKey);
  const needsConfirm = Boolean(options.needsConfirm || prior?.needsConfirm);
  const kept = {
    ...(needsConfirm ? { needsConfirm } : {}),
    ...(prior?.photos ? { photos: prior.photos } : {}),
  };
  // A new report's 整治期限 may not be past already: it would set off 限期整治 at once.
  const validation = validateReport(fields, ctx.settings.campaignYear, { notBefore: today(ctx.clock) });
  const understood = (Object.keys(fields) as ReportFieldKey[]).filter((k) => fields[k]?.trim());
  if (!validation.ok) {
    await repos.drafts.save(person.id, ctx.chatKey, { fields, duplicateOf: null, ...kept }, now);
    if (options.confirmed) {
      ctx.reply(notYetFiled(validation.errors));
      return;
    }
    const lines = validation.errors.map((e) => `· ${e.label}：${e.message}`);
    const example = validation.errors
      .slice(0, 3)
      .map((e) => `${e.label}：`)
      .join("\n");
    ctx.reply(
      [
        ...(needsConfirm
          ? [
              ...draftShown(fields, "已整理为上报草稿（未提交）："),
              "还缺以下几项，请补充或更正（只需发送这几项）：",
            ]
          : [
              `上报未完成，已记下 ${understood.length} 项（${understood.map((k) => FIELD_LABEL[k]).join("、") || "无"}）。`,
              "请补充或更正（只需发送这几项）：",
            ]),
        ...lines,
        "",
        example,
        "",
        "放弃本次上报请回复「取消」",
      ].join("\n"),
    );
    return;
  }

  const report = validation.report;
  const towns = await repos.towns.list();
  const personTown = towns.find((t) => t.id === person.townId);
  const choice = chooseReportTown({
    role: person.role,
    personTown,
    chatTown: ctx.chatTown,
    namedTown: report.town,
    village: report.village,
    towns,
  });
  if (!choice.ok) {
    await repos.drafts.save(person.id, ctx.chatKey, { fields, duplicateOf: null, ...kept }, now);
    ctx.reply(`上报未完成：${choice.message}`);
    return;
  }
  const town = choice.town;
  const nameKey = enterpriseNameKey(report.name);
  const existing = await repos.enterprises.findByNameKey(town.id, nameKey);
  if (existing && !force) {
    await repos.drafts.save(person.id, ctx.chatKey, { fields, duplicateOf: existing.id, ...kept }, now);
    await repos.persons.setFocus(person.id, existing.id);
    ctx.reply(
      [
        `该企业已在册：【${existing.caseNo}】${existing.name}（${existing.townName}，${existing.state}）`,
        "未重复建档。如确为另一家企业，请回复「仍然上报」；放弃请回复「取消」。",
      ].join("\n"),
    );
    return;
  }

  if (needsConfirm && !options.confirmed && !force) {
    // Read from free words: the person checks what was understood before anything is filed.
    await repos.drafts.save(person.id, ctx.chatKey, { fields, duplicateOf: null, ...kept }, now);
    ctx.reply(
      [
        ...draftShown(fields, `已整理为上报草稿（未提交，${town.name}）：`),
        "核对无误请回复「确认」提交；有误请发送要改的项（如 企业规模：15人）；放弃请回复「取消」。",
      ].join("\n"),
    );
    return;
  }

  const seq = await repos.towns.nextCaseSeq(town.id);
  const enterprise = await repos.enterprises.insert(
    {
      caseNo: formatCaseNo(town.code, seq),
      townId: town.id,
      name: report.name,
      nameKey,
      village: report.village,
      type: report.type,
      scale: report.scale,
      materials: report.materials,
      waterAir: report.waterAir,
      permits: report.permits,
      requirement: report.requirement,
      deadline: report.deadline,
      responsible: report.responsible,
      remarks: report.remarks ?? null,
      state: INITIAL_STATE,
      siteLat: null,
      siteLng: null,
      reportedAt: now,
      reportedOn: today(ctx.clock),
      reportedBy: person.id,
    },
    town.name,
  );
  await repos.audit.record({
    ...auditBase(ctx, now),
    action: existing ? "report_despite_duplicate" : "report",
    entityType: "enterprise",
    entityId: enterprise.id,
    after: enterprise,
    note: existing ? `与 ${existing.caseNo} 同名，经确认仍上报` : undefined,
  });
  await repos.persons.setFocus(person.id, enterprise.id);
  const photos = await attachDraftPhotos(ctx, enterprise.id, prior?.photos ?? []);
  await repos.drafts.remove(person.id, ctx.chatKey);
  const notes = validation.reinterpreted.map((r) => `（${r.label}“${r.from}”按“${r.to}”登记）`);
  ctx.reply(
    [
      `✅ 已上报 ${enterprise.caseNo}`,
      enterpriseCard(enterprise),
      ...notes,
      photos ? `📷 先前发送的 ${photos} 张照片已存入该企业档案。` : "请发送现场照片，将存入该企业档案。",
    ].join("\n"),
  ); // A report that began as a 12369 tip (核实 … 属实) is linked to it, and the tip's photos move over.
  await linkTipToEnterprise(ctx, enterprise);
}

/**
 * 确认 (or 仍然上报) on a draft that still lacks fields: why nothing was filed, every missing or wrong
 * field named, and one line to copy and fill in (上报 reads several fields on a line, cut at ；).
 */
function notYetFiled(errors: readonly { label: string; message: string }[]): string {
  const labels = [...new Set(errors.map((e) => e.label))];
  return [
    `还不能提交：「确认」前须先补全以下 ${labels.length} 项：`,
    ...errors.map((e) => `· ${e.label}：${e.message}`),
    "",
    "请复制下面这行，在各冒号后填好发送，再回复「确认」：",
    labels.map((l) => `${l}：`).join("；"),
    "",
    "放弃本次上报请回复「取消」",
  ].join("\n");
}

/** The draft's fields as the person will recognise them, one per line, in the template's order. */
function draftShown(fields: RawReportFields, title: string): string[] {
  const lines = REPORT_FIELDS.filter((f) => fields[f.key]?.trim()).map((f) => `${f.label}：${fields[f.key]}`);
  return [title, ...lines, ""];
}

/** Photos sent before the report: into the new case's file, each as received then (not as proof of now). */
async function attachDraftPhotos(
  ctx: KnownContext,
  enterpriseId: number,
  photos: DraftPhoto[],
): Promise<number> {
  let attached = 0;
  for (const p of photos) {
    const result = await ctx.repos.photos.attach({
      enterpriseId,
      sha256: p.sha256,
      personId: ctx.person.id,
      inboundId: p.inboundId,
      at: p.at,
    });
    if (!result) continue;
    attached += 1;
    await ctx.repos.audit.record({
      ...auditBase(ctx),
      action: "photo",
      entityType: "enterprise",
      entityId: enterpriseId,
      after: { sha256: p.sha256, receivedAt: p.at },
      note: result.reusedOn.length ? `上报前发送；与 ${result.reusedOn.join("、")} 照片相同` : "上报前发送",
    });
  }
  return attached;
}
