import { today } from "../base/clock.js";
import { ConflictError, InputError } from "../base/errors.js";
import { chineseDate, type IsoDate } from "../domain/dates.js";
import type { Enterprise } from "../domain/enterprise.js";
import { INITIAL_STATE, type ProgressState, type Requirement } from "../domain/enums.js";
import { findDate, unreadableDate } from "../domain/find-date.js";
import { quoteValue, TEXT_LIMITS, tooLong } from "../domain/text-limits.js";
import { canMove, isFinished, STATE_PATHS, statesFor } from "../domain/transitions.js";
import type { EnterprisePatch } from "../storage/enterprise-row.js";
import { createSupervisionRepos } from "../storage/supervision-repos.js";
import { auditBase } from "./audit-base.js";
import { assertOnFile } from "./case-access.js";
import { assertProof } from "./case-proof.js";
import type { KnownContext } from "./context.js";

/**
 * The moves of one case — to a new 完成情况 and to 销号 — made the same way whether a town posts
 * 进展 / 销号 or answers a district transfer with 反馈 / 移交销号: the same transitions, the same
 * photo proof, the same audit. One state per enterprise: a transfer has none of its own.
 */

/** Where a move came from, for the audit note: a transfer's number. */
export interface Via {
  transferNo?: string;
}

const viaNote = (via: Via | undefined, note: string) =>
  [via?.transferNo, note].filter(Boolean).join(" ") || undefined;

/**
 * Moves the case to `state` (完成日期 read from `rest`, today when not given). A finished state needs
 * a photo that proves it. Returns the case after the move and the note left over from `rest`.
 */
export async function moveCase(
  ctx: KnownContext,
  enterprise: Enterprise,
  state: ProgressState,
  rest: string,
  via?: Via,
): Promise<{ updated: Enterprise; finished: boolean; note: string }> {
  assertOnFile(enterprise);
  if (enterprise.closedAt) {
    throw new ConflictError(
      `【${enterprise.caseNo}】已销号。如企业反弹，请发送「反弹 ${enterprise.caseNo} 情况说明」。`,
    );
  }
  if (!canMove(enterprise.requirement, enterprise.state, state)) {
    const allowed = statesFor(enterprise.requirement);
    const why =
      enterprise.state === state
        ? `完成情况已是“${state}”`
        : allowed.includes(state)
          ? `当前为“${enterprise.state}”，不能改为“${state}”`
          : `整治要求为“${enterprise.requirement}”，完成情况只能是：${allowed.join("、")}`;
    throw new ConflictError(`【${enterprise.caseNo}】${why}。`);
  }
  const { date, invalid, vague, rest: note } = findDate(rest, ctx.settings.campaignYear);
  const longNote = tooLong("进展说明", note, TEXT_LIMITS.progressNote);
  if (longNote) throw new InputError(longNote);
  if (invalid) throw new InputError(`日期${quoteValue(invalid)}无法识别，请写作 3月20日 或 2017-03-20。`);
  const finished = isFinished(enterprise.requirement, state);
  // A completion date that cannot be read is refused, never replaced by today.
  if (finished && vague) throw new InputError(unreadableDate(vague));
  const day = today(ctx.clock);
  const finishedOn = finished ? (date ?? day) : null;
  if (finishedOn) {
    if (finishedOn > day) throw new InputError(`完成日期 ${chineseDate(finishedOn)} 晚于今天，请核对。`);
    if (finishedOn < enterprise.reportedOn) {
      throw new InputError(
        `完成日期 ${chineseDate(finishedOn)} 早于上报时间 ${chineseDate(enterprise.reportedOn)}，请核对。`,
      );
    }
    await assertProof(ctx, enterprise, `标记“${state}”`);
  }
  const audit = auditBase(ctx);
  const updated = await ctx.repos.enterprises.update(enterprise.id, {
    state,
    finished_on: finishedOn,
    updated_at: audit.at,
  });
  await ctx.repos.audit.record({
    ...audit,
    action: "progress",
    entityType: "enterprise",
    entityId: enterprise.id,
    before: { state: enterprise.state, finishedOn: enterprise.finishedOn },
    after: { state, finishedOn },
    note: viaNote(via, note),
  });
  return { updated, finished, note };
}

/**
 * 销号: a finished case, with a photo that proves it, is crossed off — and with it every transfer of
 * the enterprise still open (the problem it was transferred for is the case's).
 */
export async function closeCase(
  ctx: KnownContext,
  enterprise: Enterprise,
  note: string,
  via?: Via,
): Promise<{ updated: Enterprise; transfersClosed: string[] }> {
  assertOnFile(enterprise);
  if (enterprise.closedAt)
    throw new ConflictError(`【${enterprise.caseNo}】已于 ${enterprise.closedAt.slice(0, 10)} 销号。`);
  if (!isFinished(enterprise.requirement, enterprise.state)) {
    const finished = STATE_PATHS[enterprise.requirement].finished;
    throw new ConflictError(
      `【${enterprise.caseNo}】完成情况为“${enterprise.state}”，需先报送“${finished}”（附照片和完成日期）才能销号。`,
    );
  }
  await assertProof(ctx, enterprise, "销号");
  const audit = auditBase(ctx);
  const sv = createSupervisionRepos(ctx.repos.db);
  // The town's transfers are the case's; 公安 and 区政府 transfers are closed apart, with their result.
  const open = (await sv.transfers.forEnterprise(enterprise.id)).filter(
    (t) => t.kind === "town" && !t.closedAt,
  );
  const updated = await ctx.repos.enterprises.update(enterprise.id, {
    closed_at: audit.at,
    closed_by: ctx.person.id,
    updated_at: audit.at,
  });
  for (const t of open)
    await sv.transfers.update(t.id, { closedAt: audit.at, closedBy: ctx.person.id, at: audit.at });
  await ctx.repos.audit.record({
    ...audit,
    action: "close",
    entityType: "enterprise",
    entityId: enterprise.id,
    before: { closedAt: null },
    after: { closedAt: audit.at, ...(open.length ? { transfers: open.map((t) => t.transferNo) } : {}) },
    note: viaNote(via, note),
  });
  return { updated, transfersClosed: open.map((t) => t.transferNo) };
}

/**
 * A district transfer (移交) sets what the case must now do: its 整治要求 and 整治期限 become the
 * transfer's; a case finished or closed under it is open again (a closed one counts as a rebound),
 * and one whose requirement changes starts again from 待整治. Returns the change for the audit.
 */
export async function openCaseForTransfer(
  ctx: KnownContext,
  enterprise: Enterprise,
  t: { requirement: Requirement; deadline: IsoDate; at: string },
): Promise<{ before: Partial<Enterprise>; after: Partial<Enterprise> } | null> {
  const patch: EnterprisePatch = {};
  const changed = enterprise.requirement !== t.requirement;
  if (changed) patch.requirement = t.requirement;
  if (enterprise.deadline !== t.deadline) patch.deadline = t.deadline;
  const done = enterprise.closedAt !== null || isFinished(enterprise.requirement, enterprise.state);
  if (changed || done) {
    const state = changed ? INITIAL_STATE : STATE_PATHS[t.requirement].working;
    if (state !== enterprise.state) patch.state = state;
    if (enterprise.finishedOn) patch.finished_on = null;
  }
  if (enterprise.closedAt) {
    patch.closed_at = null;
    patch.closed_by = null;
    patch.reopen_count = enterprise.reopenCount + 1;
    patch.reopened_at = t.at;
  }
  if (Object.keys(patch).length === 0) return null;
  const updated = await ctx.repos.enterprises.update(enterprise.id, { ...patch, updated_at: t.at });
  const pick = (e: Enterprise) => ({
    requirement: e.requirement,
    deadline: e.deadline,
    state: e.state,
    finishedOn: e.finishedOn,
    closedAt: e.closedAt,
  });
  return { before: pick(enterprise), after: pick(updated) };
}
