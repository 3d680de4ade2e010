/**
 * The ways people name a town: its full name (古荥镇, 长兴路街道), the name without 镇/街道/办事处
 * (古荥, 长兴路), and the office forms 长兴路办, 长兴路街道办, 长兴路办事处. Short forms of one
 * character are not taken: they are too easily part of another word.
 */
export function townWords(towns: readonly string[]): [string, string][] {
  const words: [string, string][] = [];
  for (const name of towns) {
    const short = name.replace(/(街道办事处|办事处|街道|镇|乡|办)$/, "");
    const forms = new Set([name]);
    if (short.length >= 2) {
      forms.add(short);
      for (const tail of ["镇", "乡", "办", "街道", "街道办", "办事处", "街办", "街道办事处", "街"])
        forms.add(short + tail);
    }
    for (const f of forms) words.push([f.toLowerCase(), name]);
  }
  return words.sort((a, b) => b[0].length - a[0].length);
}
