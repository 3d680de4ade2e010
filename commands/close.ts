import { ConflictError } from "../base/errors.js";
import { stateLabel } from "../domain/card.js";
import { createSupervisionRepos } from "../storage/supervision-repos.js";
import { assertMayChange, caseFromArgs } from "./case-access.js";
import { closeCase } from "./case-moves.js";
import type { Command } from "./command.js";

/** 销号: only after a finished state proven by a photo, by a district supervisor or the town's admin. */
export const closeCommand: Command = {
  name: "销号",
  roles: ["district_supervisor", "town_admin"],
  summary: "整治到位的案件销号（到位一家、销号一家）",
  usage: "销号 GY-0007",
  async run(ctx, args) {
    const { enterprise, rest } = await caseFromArgs(ctx, args);
    assertMayChange(ctx, enterprise);
    if (ctx.person.role !== "district_supervisor" && !enterprise.closedAt) {
      // A problem the district transferred is crossed off by the district after its re-check.
      const open = (await createSupervisionRepos(ctx.repos.db).transfers.forEnterprise(enterprise.id)).filter(
        (t) => t.kind === "town" && !t.closedAt,
      );
      if (open.length > 0) {
        const nos = open.map((t) => t.transferNo).join("、");
        throw new ConflictError(
          `【${enterprise.caseNo}】有区督查移交的问题 ${nos} 未销号，需区督查复核后发送「移交销号 ${open[0]?.transferNo ?? ""}」。`,
        );
      }
    }
    const { updated, transfersClosed } = await closeCase(ctx, enterprise, rest);
    const also = transfersClosed.length ? `\n移交问题 ${transfersClosed.join("、")} 一并销号。` : "";
    ctx.reply(`✅【${updated.caseNo}】${updated.name} 已销号\n完成情况：${stateLabel(updated)}${also}`);
  },
};
