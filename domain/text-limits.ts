/**
 * How long what people write may be, checked here — in the domain, before anything is stored — so
 * both engines answer alike (SQLite stores any length; PostgreSQL refused its varchar limits with an
 * internal error). The limits sit under the columns' sizes, leaving room for what the bot adds.
 */
export const TEXT_LIMITS = {
  /** 进展 without a state: the note (audit note, 400). */
  progressNote: 300,
  /** 督查 … 问题: the problem transferred (problem 400, and the audit note "YJ-0001 问题"). */
  problem: 300,
  /** 登记: a person's name (persons.name, 40). */
  personName: 20,
  /** 登记 … 平台:账号: the platform account (identities.external_id, 128). */
  account: 128,
} as const;

/** Chinese for "too long", with the limit and what was sent; null when the text fits. */
export function tooLong(label: string, text: string, max: number): string | null {
  const length = [...text].length;
  return length > max ? `${label}不超过${max}字（现有${length}字），请精简后重新发送。` : null;
}

/**
 * NUL and the other C0 control characters except tab and newline: nobody types them, PostgreSQL
 * refuses NUL in text, and a terminal shows the rest as garbage. Removed from what people send.
 */
export function withoutControlCharacters(text: string): string {
  return text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, "");
}

/**
 * A value echoed back in an answer, cut to `max` characters: a 150 KB wrong value must not come back
 * in full (dozens of messages).
 *
 * @example quoteValue("小作坊") → “小作坊”; quoteValue("很长…", 5) → “很长很长很…”
 */
export function quoteValue(value: string, max = 20): string {
  const chars = [...value];
  return `“${chars.length > max ? `${chars.slice(0, max).join("")}…` : value}”`;
}
