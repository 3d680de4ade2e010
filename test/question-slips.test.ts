import { describe, expect, test } from "vitest";
import { readQuestion } from "../domain/reading/question-reading.js";
import { DEMO_PEOPLE, DEMO_TOWNS } from "../storage/demo-data.js";

const vocab = { towns: DEMO_TOWNS.map(([n]) => n), people: DEMO_PEOPLE.map((p) => p.name) };

// Pinyin-input homophones and Henan speech that blind sets (session 4) showed: read as meant.
describe("slips of the keyboard and of speech", () => {
  test.each([
    ["古星这周新报的有哪些", { scope: "古荥镇", period: "本周", subject: "新增", measure: "名单" }],
    ["花元口正在整治的是哪几家", { scope: "花园口镇", subject: "正在整治", measure: "名单" }],
    ["花园口进督怎么样", { scope: "花园口镇", measure: "进度" }],
    ["上周正改好的几家", { period: "上周", subject: "整改到位", measure: "数量" }],
    ["本周新增多扫家", { period: "本周", subject: "新增", measure: "数量" }],
    ["这礼拜古荥拆了几家", { scope: "古荥镇", period: "本周", subject: "拆除到位", measure: "数量" }],
    ["古荥真上周销号几家", { scope: "古荥镇", period: "上周", subject: "销号", measure: "数量" }],
    ["刘寨街到拆除道位的明单", { scope: "刘寨街道", subject: "拆除到位", measure: "名单" }],
    ["今儿个拆了几家", { period: "今天", subject: "拆除到位", measure: "数量" }],
    ["夜儿个新增几家", { period: "昨天", subject: "新增", measure: "数量" }],
  ])("%s", (q, reading) => {
    expect(readQuestion(q, vocab)).toEqual(reading);
  });

  test.each([
    ["俺镇还有几家木弄完", { subject: "未完成", measure: "数量" }],
    ["俺负责的拆了几家了", { person: "我", subject: "拆除到位", measure: "数量" }],
    ["这周咱拆了几家", { period: "本周", subject: "拆除到位", measure: "数量" }],
  ])("俺 is 我, 咱 is 我们 (the asker's own), 木 before a verb is 没: %s", (q, reading) => {
    expect(readQuestion(q, vocab)).toEqual(reading);
  });

  test("木 in a word stays (木材, 木业)", () => {
    expect(readQuestion("木材加工厂有几家", vocab)).not.toMatchObject({ subject: "未完成" });
  });

  test("an enterprise's name may end in its trade (绿源洗涤, 华丰橡胶)", () => {
    expect(readQuestion("绿源洗涤进展怎么样", vocab)).toEqual({ enterprise: "绿源洗涤", measure: "情况" });
  });
  test.each([
    ["领导好，咱古荥上个月销号几家", { scope: "古荥镇", period: "上月", subject: "销号", measure: "数量" }],
    ["这礼拜区里一共销了几个号", { scope: "全区", period: "本周", subject: "销号", measure: "数量" }],
    ["把古荥逾期的名单发我中不中", { scope: "古荥镇", subject: "逾期", measure: "名单" }],
    ["今天古荥报了几家上来", { scope: "古荥镇", period: "今天", subject: "新增", measure: "数量" }],
    ["花园口他们拆了几家了", { scope: "花园口镇", subject: "拆除到位", measure: "数量" }],
    ["刘寨办现在啥进度", { scope: "刘寨街道", measure: "进度" }],
    ["HYK-0005弄到哪了", { enterprise: "HYK-0005", measure: "情况" }],
    ["这个月有没有复产的 有的话列出来", { period: "本月", subject: "反弹", measure: "名单" }],
    ["要补手续的还没办完的有哪些", { requirement: "补办手续", subject: "未完成", measure: "名单" }],
  ])("talk around the question (领导好, 中不中, 他们, 上来) and its everyday words: %s", (q, reading) => {
    expect(readQuestion(q, vocab)).toEqual(reading);
  });
  test.each([
    ["各镇整体情况怎么样，简单说说", { scope: "全区", measure: "进度" }],
    ["全区塑料加工这块进度怎么样", { scope: "全区", kind: "塑料加工", measure: "进度" }],
    ["给俺瞅瞅八小的都有哪些", { type: "八小", measure: "名单" }],
    ["有几家偷偷复产了", { subject: "反弹", measure: "数量" }],
    ["还没动的那几家是谁家", { subject: "待整治", measure: "名单" }],
    ["手续都办完的有几家了", { subject: "手续办结", measure: "数量" }],
    ["兴旺废品站咋样了", { enterprise: "兴旺废品站", measure: "情况" }],
    ["李四负责的那些还有几家没弄完哩", { person: "李四", subject: "未完成", measure: "数量" }],
  ])("more talk and words (简单说说, 这块, 瞅瞅, 偷偷, 谁家, 哩; 那些 pointing back): %s", (q, reading) => {
    expect(readQuestion(q, vocab)).toEqual(reading);
  });

  test("one pointed at with no name (那个厂子) is not guessed", () => {
    expect(readQuestion("那个厂子到底拆没拆", vocab)).toBeNull();
  });
  test.each([
    ["全区现在一共多少家企业纳入整治了？", { scope: "全区", measure: "数量" }],
    ["区里头八小企业现在有几家？", { scope: "全区", type: "八小", measure: "数量" }],
    ["全区逾期的名单拉一下", { scope: "全区", subject: "逾期", measure: "名单" }],
    ["有色熔炼的全区有几家", { scope: "全区", kind: "有色熔炼加工", measure: "数量" }],
    ["用燃煤小锅炉的有几家", { kind: "燃煤小锅炉", measure: "数量" }],
    ["俺镇废品站有几家", { kind: "废品回收", measure: "数量" }],
    ["我们镇汽休厂还有几家没整改好", { kind: "小汽修", subject: "未完成", measure: "数量" }],
    ["咱这儿逾期的有哪几家", { subject: "逾期", measure: "名单" }],
    [
      "古荥要补手续的还有几家没补齐",
      { scope: "古荥镇", requirement: "补办手续", subject: "未完成", measure: "数量" },
    ],
    ["张三负责的那些完成了几家", { person: "张三", subject: "完成", measure: "数量" }],
    ["花园口那边砖厂有几家", { scope: "花园口镇", kind: "砖瓦窑", measure: "数量" }],
  ])("kinds said whole, 这儿, 里头, 拉一下, 没补齐, 的那些 pointing back: %s", (q, reading) => {
    expect(readQuestion(q, vocab)).toEqual(reading);
  });
});
