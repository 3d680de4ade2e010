/**
 * The district's supervision rules as numbers (惠环保〔2017〕2号 四、五). Every one can be changed
 * by configuration except that a draw never covers less than 20 % of all enterprises.
 */
export interface SupervisionPolicy {
  /** The share a 抽查 draws when none is named; raised to `minRatio` if set lower. */
  defaultRatio: number;
  /** 督导企业比例不少于总数的20%: the floor no draw goes under. */
  minRatio: number;
  /** Days a town has to verify a 12369 tip. */
  tipDays: number;
  /** Days the 限期整治 notice gives an overdue case or transfer. */
  noticeDays: number;
  /** Months after 销号 at which a closed case is re-inspected (回头看). */
  reboundMonths: number[];
}

/** The seed's floor: 不少于总数的20%. */
const MIN_SAMPLE_RATIO = 0.2;

export const DEFAULT_SUPERVISION_POLICY: SupervisionPolicy = Object.freeze({
  defaultRatio: 0.2,
  minRatio: MIN_SAMPLE_RATIO,
  tipDays: 7,
  noticeDays: 15,
  reboundMonths: [1, 3, 6],
});

/** A policy with overrides, never below the seed's 20 % floor. */
export function supervisionPolicy(overrides: Partial<SupervisionPolicy> = {}): SupervisionPolicy {
  const p = { ...DEFAULT_SUPERVISION_POLICY, ...overrides };
  const minRatio = Math.max(MIN_SAMPLE_RATIO, p.minRatio);
  return { ...p, minRatio, defaultRatio: Math.min(1, Math.max(minRatio, p.defaultRatio)) };
}
