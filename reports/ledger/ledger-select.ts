import { dateText } from "../../domain/date-text.js";
import { type IsoDate, isoDate } from "../../domain/dates.js";
import type { Enterprise } from "../../domain/enterprise.js";
import { STATE_PATHS } from "../../domain/transitions.js";

/** A month named in chat: 3月, 2017年3月, 2017-03, 2017.3. */
export interface LedgerMonth {
  year: number;
  month: number;
}

export function parseLedgerMonth(text: string, campaignYear: number): LedgerMonth | null {
  const t = dateText(text).trim().replace(/\s+/g, "");
  let m = /^(\d{4})[-/.年](\d{1,2})月?(份)?$/.exec(t);
  if (m) return valid(Number(m[1]), Number(m[2]));
  m = /^(\d{1,2})月(份)?$/.exec(t);
  if (m) return valid(campaignYear, Number(m[1]));
  return null;
}

const valid = (year: number, month: number) =>
  month >= 1 && month <= 12 && year >= 2000 && year <= 2100 ? { year, month } : null;

/** The seed's monthly deadline: a month's ledger is the one due on its 23rd. */
export const LEDGER_DAY = 23;

/**
 * The date a ledger is made for: the month's 23rd (its due date), or today when no month is named or
 * the month's 23rd is still ahead.
 */
export function ledgerDate(month: LedgerMonth | null, today: IsoDate): IsoDate {
  if (!month) return today;
  const due = isoDate(month.year, month.month, LEDGER_DAY);
  return due < today ? due : today;
}

/**
 * The enterprises of a ledger dated `asOf`: those reported by then, in the order they were reported,
 * each as it stood then as far as its own dates tell — a case finished after `asOf` shows its working
 * state, one closed after `asOf` is still open. (The exact past state is in the audit log; the ledger
 * needs only what its columns show.)
 */
export function ledgerRows(enterprises: Enterprise[], asOf: IsoDate): Enterprise[] {
  return enterprises
    .filter((e) => e.reportedOn <= asOf)
    .sort((a, b) => (a.reportedOn === b.reportedOn ? a.id - b.id : a.reportedOn < b.reportedOn ? -1 : 1))
    .map((e) => {
      const closedOn = e.closedAt ? e.closedAt.slice(0, 10) : null;
      if (e.finishedOn && e.finishedOn > asOf) {
        return { ...e, state: STATE_PATHS[e.requirement].working, finishedOn: null, closedAt: null };
      }
      if (closedOn && closedOn > asOf) return { ...e, closedAt: null };
      return e;
    });
}

/** 花园口镇小散乱污企业排查台账（2017年3月23日）.xlsx */
export function ledger1FileName(town: string, date: IsoDate): string {
  const [y, m, d] = date.split("-").map(Number);
  return `${town}小散乱污企业排查台账（${y}年${m}月${d}日）.xlsx`;
}
