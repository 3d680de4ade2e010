import { chineseDate, type IsoDate } from "../../domain/dates.js";

// What a month's ledger shows is decided once, in domain/ledger-as-of.ts.
export {
  LEDGER_DAY,
  type LedgerMonth,
  ledgerRows,
  parseLedgerMonth,
} from "../../domain/ledger-as-of.js";

/** 花园口镇小散乱污企业排查台账（2017年3月23日）.xlsx */
export function ledger1FileName(town: string, date: IsoDate): string {
  const [y, m, d] = date.split("-").map(Number);
  return `${town}小散乱污企业排查台账（${y}年${m}月${d}日）.xlsx`;
}

/** 惠济区小散乱污企业督查跟踪台账（2017年3月23日）.xlsx */
export function ledger2FileName(date: IsoDate): string {
  return `惠济区小散乱污企业督查跟踪台账（${chineseDate(date)}）.xlsx`;
}
