import { PROGRESS_STATES, type ProgressState } from "./enums.js";

/** Everyday words for the seed's states (拆完了 → 拆除到位). The seed's own words match first. */
const SYNONYMS: [string, ProgressState][] = [
  ["已拆除", "拆除到位"],
  ["拆除完毕", "拆除到位"],
  ["拆除完成", "拆除到位"],
  ["已拆", "拆除到位"],
  ["开始拆除", "正在拆除"],
  ["拆除中", "正在拆除"],
  ["整改完成", "整改到位"],
  ["整改完毕", "整改到位"],
  ["已整改", "整改到位"],
  ["整改中", "正在整治"],
  ["正在整改", "正在整治"],
  ["开始整改", "正在整治"],
  ["手续已办结", "手续办结"],
  ["已办结", "手续办结"],
  ["手续办完", "手续办结"],
  ["正在补办", "补办手续"],
  ["补办中", "补办手续"],
];

/** Finds the state named in a progress message; returns it and the text without it. */
export function findProgressState(text: string): { state: ProgressState; rest: string } | null {
  const words: [string, ProgressState][] = [
    ...PROGRESS_STATES.filter((s) => s !== "待整治").map((s) => [s, s] as [string, ProgressState]),
    ...SYNONYMS,
  ].sort((a, b) => b[0].length - a[0].length);
  for (const [word, state] of words) {
    const at = text.indexOf(word);
    if (at < 0) continue;
    // 已拆除到位 / 已经整改到位了: the 已 and 了 around the seed's word belong to it, not to the note.
    const before = text.slice(0, at).replace(/(已经|已)$/, "");
    const after = text.slice(at + word.length).replace(/^了/, "");
    return { state, rest: (before + after).trim() };
  }
  return null;
}
