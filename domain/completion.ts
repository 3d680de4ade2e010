import { chineseDate, type IsoDate } from "./dates.js";
import type { Enterprise } from "./enterprise.js";
import type { ProgressState } from "./enums.js";

/**
 * 完成情况 (完成日期): the one wording of where an enterprise stands, printed alike by 附件1, 附件2,
 * 查询, the dossier and the board. The state, with the completion date once finished
 * (`拆除到位（2017年3月20日）`); a closed case `已销号（拆除到位，2017年3月20日）`; a report withdrawn
 * as made by mistake `已撤回`.
 */
export interface Completion {
  state: ProgressState;
  finishedOn: IsoDate | null;
  closed: boolean;
  withdrawn?: boolean;
}

export const CLOSED_WORD = "已销号";
export const WITHDRAWN_WORD = "已撤回";

export function formatCompletion(c: Completion): string {
  if (c.withdrawn) return WITHDRAWN_WORD;
  if (c.closed) {
    return c.finishedOn
      ? `${CLOSED_WORD}（${c.state}，${chineseDate(c.finishedOn)}）`
      : `${CLOSED_WORD}（${c.state}）`;
  }
  return c.finishedOn ? `${c.state}（${chineseDate(c.finishedOn)}）` : c.state;
}

/** An enterprise's 完成情况, as every reply, ledger and page prints it. */
export function completionOf(
  e: Pick<Enterprise, "state" | "finishedOn" | "closedAt" | "withdrawnAt">,
): string {
  return formatCompletion({
    state: e.state,
    finishedOn: e.finishedOn,
    closed: e.closedAt !== null,
    withdrawn: Boolean(e.withdrawnAt),
  });
}
