import { dateText } from "./date-text.js";
import { addDays, type IsoDate, isoDate } from "./dates.js";
import type { Enterprise } from "./enterprise.js";
import { STATE_PATHS } from "./transitions.js";

/**
 * What a month's ledger says (附件1 注4: 完成情况为报送时企业情况): each enterprise as it stood when the
 * town submitted that month's ledger (报送), or at the end of the 23rd if it did not — rebuilt from the
 * history of every write, so it prints the same on the 23rd and months later, after any 反弹.
 */
export interface LedgerMonth {
  year: number;
  month: number;
}

/** The seed's monthly deadline: a month's ledger is the one due on its 23rd. */
export const LEDGER_DAY = 23;

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

/** 'YYYY-MM' of a ledger month. */
export const monthKey = (m: LedgerMonth): string => `${m.year}-${String(m.month).padStart(2, "0")}`;

/** A town's 报送 of a month's ledger. */
export interface SubmittedAt {
  /** ISO instant. */
  submittedAt: string;
  submittedOn: IsoDate;
}

/** The moment a ledger shows: the date printed on it, and the instant its rows are taken at. */
export interface LedgerMoment {
  date: IsoDate;
  /** ISO instant: every write up to and including it counts. */
  instant: string;
  /** The town's own 报送 fixed it. */
  submitted: boolean;
}

/** The last millisecond of `date` in Beijing (the campaign's days end at 24:00 +08:00). */
export function endOfDay(date: IsoDate): string {
  return new Date(Date.parse(`${addDays(date, 1)}T00:00:00+08:00`) - 1).toISOString();
}

/**
 * The moment a ledger of `month` shows: the town's 报送 of it; else the end of its 23rd once that
 * day is past; else now (no month named, or its 23rd still ahead).
 *
 * @example
 *   ledgerMoment({ year: 2017, month: 2 }, null, { now: "2017-03-20T02:00:00.000Z", today: "2017-03-20" })
 *   // → { date: "2017-02-23", instant: "2017-02-23T15:59:59.999Z", submitted: false }
 */
export function ledgerMoment(
  month: LedgerMonth | null,
  submission: SubmittedAt | null,
  current: { now: string; today: IsoDate },
): LedgerMoment {
  const now = { date: current.today, instant: current.now, submitted: false };
  if (!month) return now;
  if (submission) return { date: submission.submittedOn, instant: submission.submittedAt, submitted: true };
  const due = isoDate(month.year, month.month, LEDGER_DAY);
  return due < current.today ? { date: due, instant: endOfDay(due), submitted: false } : now;
}

/**
 * The rows of a ledger dated `asOf`, from each enterprise as it stood at the ledger's instant
 * (its history): those reported by then and not withdrawn, in the order they were reported. A case
 * whose completion or 销号 is dated after `asOf` shows as it was before (rows from before the
 * history was kept carry today's values and rely on their own dates).
 */
export function ledgerRows(enterprises: Enterprise[], asOf: IsoDate): Enterprise[] {
  return enterprises
    .filter((e) => e.reportedOn <= asOf && !e.withdrawnAt)
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
