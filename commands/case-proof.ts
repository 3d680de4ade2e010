import { ConflictError } from "../base/errors.js";
import type { Enterprise } from "../domain/enterprise.js";
import {
  caseForProof,
  DEFAULT_PROOF_POLICY,
  judgePhoto,
  type PhotoVerdict,
  type ProofPolicy,
} from "../domain/photo-proof.js";
import type { AttachedPhoto } from "../storage/photos-repo.js";
import type { BotContext } from "./context.js";

export const proofPolicyOf = (ctx: Pick<BotContext, "settings">): ProofPolicy =>
  ctx.settings.proof ?? DEFAULT_PROOF_POLICY;

/** An enterprise's photos, each with its verdict (domain/photo-proof.ts decides). */
export async function photoVerdicts(
  ctx: Pick<BotContext, "repos" | "settings">,
  e: Enterprise,
): Promise<{ photo: AttachedPhoto; verdict: PhotoVerdict }[]> {
  const policy = proofPolicyOf(ctx);
  return (await ctx.repos.photos.forEnterprise(e.id)).map((photo) => ({
    photo,
    verdict: judgePhoto(photo, caseForProof(e), policy),
  }));
}

/**
 * A finished state and 销号 need a photo that proves it (假报 is punished): otherwise the person is
 * told which photos are on file and why none of them counts.
 */
export async function assertProof(ctx: BotContext, e: Enterprise, what: string): Promise<void> {
  const judged = await photoVerdicts(ctx, e);
  if (judged.some((j) => j.verdict.proves)) return;
  const since = e.reopenedAt ? "反弹重新立案后" : "上报后";
  const ask = `请先发送${since}拍摄的现场照片（发照片前可发送「查询 ${e.caseNo}」指定企业）。`;
  if (judged.length === 0) throw new ConflictError(`【${e.caseNo}】${what}前，${ask}`);
  const lines = [
    `【${e.caseNo}】${what}前需有能证明整治完成的现场照片，档案中 ${judged.length} 张均不能作为证明：`,
  ];
  for (const { photo, verdict } of judged.slice(-5)) {
    lines.push(`· 照片${photo.seq}：${verdict.flaws.map((f) => f.text).join("；")}`);
  }
  lines.push(ask, `如经核实可用，区督查可发送「采信 ${e.caseNo} 照片序号 理由」。`);
  throw new ConflictError(lines.join("\n"));
}
