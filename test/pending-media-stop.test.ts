import { afterEach, beforeEach, describe, expect, test } from "vitest";
import type { FetchedMedia } from "../base/message.js";
import type { Platform } from "../bot/platform.js";
import { ENGINES, freshDb } from "./helpers/databases.js";
import { jpeg } from "./helpers/photos.js";
import { GY_GROUP, REPORT, seedDistrict, startTestBot } from "./helpers/test-bot.js";

/**
 * A platform that does not answer a fetch of a photo left pending (down, its timeout a minute
 * away) must not hold up the bot's stop; the photo is fetched after the next start.
 */
describe.each(ENGINES)("a pending photo's fetch under way at stop (%s)", (engine) => {
  let fresh: Awaited<ReturnType<typeof freshDb>>;
  let t: Awaited<ReturnType<typeof startTestBot>>;
  beforeEach(async () => {
    fresh = await freshDb(engine);
    await seedDistrict(fresh.db);
    t = await startTestBot(fresh.db, fresh.dir);
    await t.say("张三", GY_GROUP, REPORT);
  });
  afterEach(async () => {
    await t.bot.stop();
    await fresh.db.destroy();
  });

  const fetchWith = (platform: Platform, fetch: () => Promise<FetchedMedia>) => {
    platform.fetchMedia = fetch;
  };

  test("stop does not wait for the platform; after the next start the photo is filed once", async () => {
    let asked = false;
    fetchWith(t.chat.platform, () => {
      asked = true;
      return new Promise<FetchedMedia>(() => {});
    });
    // As a platform hands on a photo it could not fetch when it came.
    await t.bot.pipeline.receive({
      platform: "memchat",
      messageId: "photo-late-1",
      chat: { id: GY_GROUP, kind: "group" },
      sender: { id: "张三" },
      kind: "image",
      receivedAt: t.clock.now(),
      pendingMedia: { ref: "photo-1", expiresAt: new Date(t.clock.now().getTime() + 3_600_000) },
    });
    while (!asked) await new Promise((r) => setTimeout(r, 10));
    await t.bot.stop();

    const photo = await jpeg(5);
    const clock = t.clock;
    t = await startTestBot(fresh.db, fresh.dir, { clock });
    fetchWith(t.chat.platform, async () => ({ bytes: photo }));
    // Past the stopped run's hold (3 minutes) and the first retry's backoff.
    clock.advance(4 * 60_000);
    while (!t.chat.textsIn(GY_GROUP).some((x) => x.includes("📷 照片已存入"))) {
      await new Promise((r) => setTimeout(r, 10));
    }
    await t.bot.settle();
    expect(t.chat.textsIn(GY_GROUP).filter((x) => x.includes("📷 照片已存入【GY-0001】"))).toHaveLength(1);
  });
});
