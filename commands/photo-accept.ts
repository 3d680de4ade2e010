import { ConflictError, InputError, NotFoundError } from "../base/errors.js";
import { verdictText } from "../domain/photo-proof.js";
import { toHalfWidth } from "../domain/text-normalize.js";
import { auditBase } from "./audit-base.js";
import { caseFromArgs } from "./case-access.js";
import { photoVerdicts } from "./case-proof.js";
import type { Command } from "./command.js";

const USAGE = "采信 GY-0007 2 现场复核，照片为本厂拆除后现场";

/**
 * 采信 <编号> <照片序号> <理由>: a district supervisor, having checked it, accepts a photo the rules
 * reject (taken far from the site, the same picture as another enterprise's …) as proof. Audited
 * with the reason; the photo keeps its flaws on record beside the acceptance. A file that is not a
 * picture cannot be accepted.
 */
export const photoAcceptCommand: Command = {
  name: "采信",
  roles: ["district_supervisor"],
  summary: "核实后采信不符合规则的照片作为整治完成的证明",
  usage: USAGE,
  async run(ctx, args) {
    const { enterprise, rest } = await caseFromArgs(ctx, args);
    // The reason is kept as written; only the number is read in half width.
    const m = /^(?:照片|第)?\s*([\d０-９]{1,3})\s*(?:张|号)?[\s,，:：]*(.*)$/s.exec(rest.trim());
    if (!m) throw new InputError(`请写明照片序号和理由，例如：${USAGE}`);
    const seq = Number(toHalfWidth(m[1] ?? ""));
    const reason = (m[2] ?? "").trim();
    if (!reason) throw new InputError(`请写明采信理由，例如：${USAGE}`);
    const judged = await photoVerdicts(ctx, enterprise);
    const found = judged.find((j) => j.photo.seq === seq);
    if (!found) {
      throw new NotFoundError(
        `【${enterprise.caseNo}】没有照片${seq}（共${judged.length}张），发送「查询 ${enterprise.caseNo}」查看。`,
      );
    }
    const { photo, verdict } = found;
    if (!verdict.acceptable) throw new ConflictError(`照片${seq}不是图片，不能采信。`);
    if (verdict.acceptance) {
      throw new ConflictError(
        `照片${seq}已于 ${verdict.acceptance.at.slice(0, 10)} 由${verdict.acceptance.by}采信。`,
      );
    }
    if (verdict.proves) throw new ConflictError(`照片${seq}本身即可作为整治完成的证明，无需采信。`);
    const audit = auditBase(ctx);
    await ctx.repos.photos.accept({
      enterpriseId: enterprise.id,
      sha256: photo.sha256,
      personId: ctx.person.id,
      at: audit.at,
      reason: reason.slice(0, 200),
    });
    await ctx.repos.audit.record({
      ...audit,
      action: "photo_accept",
      entityType: "enterprise",
      entityId: enterprise.id,
      before: { photo: seq, flaws: verdict.flaws.map((f) => f.text) },
      after: { photo: seq, sha256: photo.sha256, accepted: true },
      note: `照片${seq}：${reason}`.slice(0, 400),
    });
    await ctx.repos.persons.setFocus(ctx.person.id, enterprise.id);
    const now = (await photoVerdicts(ctx, enterprise)).find((j) => j.photo.seq === seq);
    if (!now) throw new NotFoundError(`【${enterprise.caseNo}】没有照片${seq}。`);
    ctx.reply(`✅ 已采信【${enterprise.caseNo}】照片${seq}\n照片${seq}${verdictText(now.verdict)}`);
  },
};
