import type { WordMeaning } from "./question-words.js";

/** What a stretch of a question means: a word of the grammar, or what was found before the words. */
export type Meaning =
  | WordMeaning
  | { kind: "town"; value: string }
  | { kind: "period"; value: string | null }
  /** 古荥砖厂: a name, or the town's kind of business when the question asks how many or which. */
  | { kind: "enterprise"; value: string; townTrade?: { town: string; trade: string } }
  /** A kind of business (塑料, 汽修厂): the seed's key industry. */
  | { kind: "trade"; value: string }
  | { kind: "person"; value: string }
  /** 负责, 那边, 手上: the name before it is a person (张三负责的). */
  | { kind: "personMark" };

export interface Token {
  start: number;
  end: number;
  meaning: Meaning;
}
