import { ForbiddenError, InputError, NotFoundError } from "../../base/errors.js";
import { TOWN_ROLES } from "../../domain/enums.js";
import { extractSerialNo, TRANSFER_PREFIX } from "../../domain/supervision-transfer.js";
import type { Transfer } from "../../storage/supervision-transfers-repo.js";
import type { KnownContext } from "../context.js";
import { supervision } from "./supervision-shared.js";

/** The transfer (YJ-0001) a command names, with the rest of the text; a town's people see their own. */
export async function transferFromArgs(
  ctx: KnownContext,
  args: string,
  example: string,
): Promise<{ transfer: Transfer; rest: string }> {
  const { no, rest } = extractSerialNo(args, TRANSFER_PREFIX);
  if (!no) throw new InputError(`请写明移交编号，例如：${example}`);
  const transfer = await supervision(ctx).transfers.byNo(no);
  if (!transfer) throw new NotFoundError(`未找到移交 ${no}，发送「移交」查看未销号的移交问题。`);
  if (TOWN_ROLES.includes(ctx.person.role) && ctx.person.townId !== transfer.townId) {
    throw new ForbiddenError(`${no} 移交给${transfer.townName}，您只能处理本镇（办）的移交问题。`);
  }
  return { transfer, rest };
}
