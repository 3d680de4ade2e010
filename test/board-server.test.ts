import sharp from "sharp";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { signBoardToken } from "../base/board-link.js";
import type { Db } from "../storage/db.js";
import { BOARD_SECRET, LINK_TTL_MS, startBotWithBoard } from "./helpers/board-harness.js";
import { ENGINES, freshDb } from "./helpers/databases.js";
import { GY_GROUP, reportTwoCasesOneOverdue, seedDistrict } from "./helpers/test-bot.js";

const photo = () =>
  sharp({ create: { width: 32, height: 24, channels: 3, background: "#3a5" } })
    .jpeg()
    .toBuffer();

/** The text a person reads on a page: tags out, entities decoded, white space squeezed. */
const textOf = (html: string) =>
  html
    .replace(/<script[\s\S]*?<\/script>/g, "")
    .replace(/<\/?(a|span|b)\b[^>]*>/g, "")
    .replace(/<[^>]+>/g, " ")
    .replace(/&amp;/g, "&")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/\s+/g, " ");

/** Reads server-sent events as they come; `waitFor` resolves once an event of that name has arrived. */
function eventReader(res: Response) {
  const reader = res.body!.getReader();
  const events: string[] = [];
  let buffer = "";
  let pending = reader.read();
  return {
    events,
    async waitFor(name: string, ms = 15_000) {
      const deadline = Date.now() + ms;
      while (!events.includes(name) && Date.now() < deadline) {
        const chunk = await Promise.race([pending, new Promise<null>((r) => setTimeout(() => r(null), 200))]);
        if (!chunk) continue;
        if (chunk.done) break;
        pending = reader.read();
        buffer += new TextDecoder().decode(chunk.value);
        events.splice(0, events.length, ...[...buffer.matchAll(/event: (\w+)/g)].map((m) => m[1]!));
      }
      return events.includes(name);
    },
    cancel: () => reader.cancel(),
  };
}

describe.each(ENGINES)("the web board over HTTP (%s)", (engine) => {
  let t: Awaited<ReturnType<typeof startBotWithBoard>>;
  let db: Db;

  beforeEach(async () => {
    const fresh = await freshDb(engine);
    db = fresh.db;
    await seedDistrict(db);
    t = await startBotWithBoard(db, fresh.dir);
    await reportTwoCasesOneOverdue(t); // 顺发铸造厂 is now overdue
  });
  afterEach(async () => {
    await t.board.stop();
    await t.bot.stop();
    await db.destroy();
  });

  test("看板 gives a director the district page; its numbers are 进度's", async () => {
    const reply = await t.say("赵六", "@赵六", "看板");
    expect(reply).toMatch(
      /^挂图作战看板（全区）：\nhttp:\/\/127\.0\.0\.1:\d+\/b\/\S+\/\n此链接仅供赵六本人使用，24小时内有效/,
    );
    const res = await fetch(t.linkIn(reply));
    expect(res.status).toBe(200);
    expect(res.headers.get("referrer-policy")).toBe("no-referrer");
    const page = textOf(await res.text());
    const progress = (await t.say("赵六", "@赵六", "进度")).split("\n");
    for (const line of progress.filter((l) => /^(全区|古荥镇|花园口镇)：/.test(l)))
      expect(page).toContain(line);
    expect(page).toContain("附件2 督查跟踪台账");
    // Libraries from this install, not a CDN.
    expect(await (await fetch(`${t.board.url}/assets/echarts.min.js`)).text()).toContain("echarts");
    expect((await fetch(`${t.board.url}/assets/leaflet/leaflet.js`)).status).toBe(200);
  });

  test("a town's link opens its town only; a bad or expired link gets a plain Chinese page", async () => {
    const link = t.linkIn(await t.say("张三", GY_GROUP, "看板"));
    expect(link).toMatch(/\/town\/\d+$/);
    const base = link.replace(/\/town\/\d+$/, "");
    const town = await fetch(link);
    expect(textOf(await town.text())).toContain("古荥镇：总数 2 · 完成 0 · 销号 0 · 逾期 1 · 完成率 0.0%");
    const district = await fetch(`${base}/`, { redirect: "manual" });
    expect(district.status).toBe(302);
    expect(district.headers.get("location")).toBe(new URL(link).pathname);
    const other = await fetch(link.replace(/\/town\/\d+$/, "/town/2"));
    expect(other.status).toBe(403);
    expect((await fetch(`${base}/files/ledger2`)).status).toBe(403);

    const tampered = await fetch(`${base.slice(0, -1)}${base.endsWith("A") ? "B" : "A"}/`);
    expect(tampered.status).toBe(403);
    expect(textOf(await tampered.text())).toContain("此看板链接无效。");

    t.clock.advance(LINK_TTL_MS + 1000);
    const expired = await fetch(link);
    expect(expired.status).toBe(403);
    const text = textOf(await expired.text());
    expect(text).toContain("此看板链接已过期。");
    expect(text).not.toContain("古荥镇：");
  });

  test("a change in chat reaches an open page as a server-sent event", async () => {
    const link = t.linkIn(await t.say("赵六", "@赵六", "看板"));
    const res = await fetch(`${link}events`);
    expect(res.headers.get("content-type")).toContain("text/event-stream");
    const stream = eventReader(res);
    expect(await stream.waitFor("hello")).toBe(true);
    expect(await stream.waitFor("change", 500)).toBe(false);
    await t.say("张三", GY_GROUP, "进展 GY-0001 正在拆除");
    expect(await stream.waitFor("change")).toBe(true);
    expect(stream.events).toEqual(["hello", "change"]);
    await stream.cancel();
  });

  test("a case page: card, photo with its verdict, history; downloads of 附件1, 附件2 and the dossier", async () => {
    t.clock.advance(3_600_000);
    await t.say("张三", GY_GROUP, { photo: await photo(), caption: "GY-0001" });
    const link = t.linkIn(await t.say("赵六", "@赵六", "看板"));
    const page = textOf(await (await fetch(`${link}case/GY-0001`)).text());
    expect(page).toContain("GY-0001 黄河塑料加工厂");
    expect(page).toContain("整治期限 2017年3月31日");
    expect(page).toContain("现场照片（1）");
    expect(page).toContain("可作为整治完成的证明");
    const img = await fetch(`${link}case/GY-0001/photo/1`);
    expect(img.headers.get("content-type")).toBe("image/jpeg");

    const ledger1 = await fetch(`${link}files/ledger1/1`);
    expect(ledger1.headers.get("content-disposition")).toContain(encodeURIComponent("排查台账"));
    expect((await ledger1.arrayBuffer()).byteLength).toBeGreaterThan(1000);
    expect((await fetch(`${link}files/ledger2`)).status).toBe(200);
    const pdf = Buffer.from(await (await fetch(`${link}files/dossier/GY-0001`)).arrayBuffer());
    expect(pdf.subarray(0, 4).toString()).toBe("%PDF");

    const chart = (await (await fetch(`${link}chart/wall?width=390`)).json()) as {
      pages: { width: number }[];
    };
    expect(chart.pages[0]!.width).toBe(390);
  });

  test("a link signed with another secret, or naming a person no longer active, is refused", async () => {
    const forged = signBoardToken(
      { personId: 5, expiresAt: t.clock.now().getTime() + 60_000 },
      "x".repeat(40),
    );
    expect((await fetch(`${t.board.url}/b/${forged}/`)).status).toBe(403);
    const good = signBoardToken({ personId: 5, expiresAt: t.clock.now().getTime() + 60_000 }, BOARD_SECRET);
    expect((await fetch(`${t.board.url}/b/${good}/`)).status).toBe(200);
    await db("persons").where({ id: 5 }).update({ active: false });
    const gone = await fetch(`${t.board.url}/b/${good}/`);
    expect(gone.status).toBe(403);
    expect(textOf(await gone.text())).toContain("此看板链接对应的人员已停用。");
  });
});
