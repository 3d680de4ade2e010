import { InputError, NotFoundError } from "../base/errors.js";
import { missingParts, PART_LABELS, partOfFile, type SubmissionPart } from "../domain/submission.js";
import { createSubmissionsRepo } from "../storage/submissions-repo.js";
import type { Town } from "../storage/towns-repo.js";
import { auditBase } from "./audit-base.js";
import { ALL_ROLES, type Command } from "./command.js";
import type { KnownContext } from "./context.js";
import type { InputHandler } from "./input-handler.js";
import { SUBMITTERS, submissionDay, submissionTown } from "./submission-town.js";
import { HOW_TO_SEND } from "./submit.js";

/** Keeps one 盖章件 or 工作总结 for the town's month, audited, and says what is still missing. */
async function receivePart(
  ctx: KnownContext,
  town: Town,
  part: Exclude<SubmissionPart, "ledger">,
  what: { sha256?: string | null; fileName?: string | null; body?: string | null; as: string },
): Promise<void> {
  const { now, today, month } = submissionDay(ctx);
  const repo = createSubmissionsRepo(ctx.repos.db);
  await repo.addPart({
    townId: town.id,
    month,
    part,
    receivedAt: now,
    receivedOn: today,
    personId: ctx.person.id,
    chatId: ctx.chat.id,
    inboundId: ctx.message.id,
    sha256: what.sha256,
    fileName: what.fileName,
    body: what.body,
  });
  await ctx.repos.audit.record({
    ...auditBase(ctx, now),
    action: "submission_part",
    entityType: "town",
    entityId: town.id,
    after: { month, part, sha256: what.sha256 ?? null, fileName: what.fileName ?? null },
    note: PART_LABELS[part],
  });
  const status = (await repo.monthStatus(month)).find((s) => s.townId === town.id);
  if (!status) throw new NotFoundError(`${town.name}不在镇（办）名单中`);
  const missing = missingParts({ town: town.name, ...status });
  const m = Number(month.slice(5));
  ctx.reply(
    [
      `📎 已收到${town.name}${m}月${PART_LABELS[part]}（${what.as}）。`,
      missing.length
        ? `本月报送尚缺：${missing.map((p) => PART_LABELS[p]).join("、")}。${missing.includes("ledger") ? "台账电子版确认请发送「报送」。" : ""}`
        : `${town.name}${m}月台账报送齐全（电子版、盖章件、工作总结）。`,
    ].join("\n"),
  );
}

/**
 * A photo captioned 盖章件 in a town group is the month's stamped ledger. Open to every role so that
 * another role's photo falls through to the photo handler (and its refusal), not to this one's.
 */
export const stampedPhotoHandler: InputHandler = {
  on: "image",
  name: "报送盖章件",
  roles: ALL_ROLES,
  async run(ctx) {
    if (!/盖章/.test(ctx.message.text ?? "") || !SUBMITTERS.includes(ctx.person.role)) return false;
    const town = await submissionTown(ctx, "报送盖章件");
    await receivePart(ctx, town, "stamped", { sha256: ctx.message.mediaSha256, as: "照片" });
    return true;
  },
};

/** A PDF (盖章件) or a document (工作总结) sent to a town group; an .xlsx goes on to the ledger import. */
export const submissionFileHandler: InputHandler = {
  on: "file",
  name: "报送盖章件或工作总结",
  roles: SUBMITTERS,
  async run(ctx) {
    const sha = ctx.message.mediaSha256;
    const fileName = ctx.message.fileName ?? "";
    if (!sha) return false;
    const head = (await ctx.photos.readBySha(sha)).subarray(0, 5).toString("latin1");
    const part = partOfFile(fileName, head === "%PDF-");
    if (!part) return false;
    const town = await submissionTown(ctx, `报送${PART_LABELS[part]}`);
    await receivePart(ctx, town, part, { sha256: sha, fileName, as: fileName || "文件" });
    return true;
  },
};

/** 工作总结 <内容>: the month's work summary written in chat. */
export const summaryCommand: Command = {
  name: "工作总结",
  roles: SUBMITTERS,
  summary: "报送本月工作总结（也可直接发送总结文件）",
  usage: "工作总结 本月排查企业12家，拆除到位5家……",
  async run(ctx, args) {
    const body = args.trim();
    if (!body) throw new InputError(`请在「工作总结」后写明内容，或直接发送总结文件。${HOW_TO_SEND}`);
    const town = await submissionTown(ctx, "报送工作总结");
    await receivePart(ctx, town, "summary", { body: body.slice(0, 20_000), as: `文字${body.length}字` });
  },
};
