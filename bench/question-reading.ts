import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { normalizeForReading } from "../domain/reading/normalize.js";
import { questionParts, readQuestion } from "../domain/reading/question-reading.js";
import { DEMO_PEOPLE, DEMO_TOWNS } from "../storage/demo-data.js";
import { percentile } from "./stats.js";

/**
 * Reading a question in plain words, over every question in the corpora (test/fixtures/questions),
 * `rounds` times: per question, all of them and those with a character the grammar lacks (read again
 * by sound, pinyin-pro's dictionary). Baseline in the same run: normalizing the same text, the first
 * step every question takes.
 */
export function benchQuestionReading(rounds = 5) {
  const dir = join(import.meta.dirname, "..", "test", "fixtures", "questions");
  const questions = readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .flatMap((f) => (JSON.parse(readFileSync(join(dir, f), "utf8")) as { q: string }[]).map((x) => x.q));
  const vocab = { towns: DEMO_TOWNS.map(([n]) => n), people: DEMO_PEOPLE.map((p) => p.name) };
  const bySound = new Set(
    questions.filter(
      (q) => /\p{Script=Han}/u.test(questionParts(q, vocab)?.unknown ?? "") || !readQuestion(q, vocab),
    ),
  );
  const time = (fn: (q: string) => unknown, qs: string[]) => {
    const times: number[] = [];
    for (let r = 0; r < rounds; r++) {
      for (const q of qs) {
        const t0 = performance.now();
        fn(q);
        times.push(performance.now() - t0);
      }
    }
    return times;
  };
  time((q) => readQuestion(q, vocab), questions); // warm: the grammar and the pinyin dictionary load once
  const read = time((q) => readQuestion(q, vocab), questions);
  const hard = time((q) => readQuestion(q, vocab), [...bySound]);
  const normalized = time(normalizeForReading, questions);
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
  return {
    questions: questions.length,
    hard: bySound.size,
    meanMs: mean(read),
    p99Ms: percentile(read, 99),
    hardP99Ms: percentile(hard, 99),
    baselineMeanMs: mean(normalized),
  };
}
