import { execFileSync } from "node:child_process";
import { readdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { createFileJobsRepo } from "../storage/file-jobs-repo.js";
import { ENGINES, freshDb } from "./helpers/databases.js";
import { jpeg } from "./helpers/photos.js";
import { GY_GROUP, REPORT, seedDistrict, startTestBot } from "./helpers/test-bot.js";
import { waitUntil } from "./helpers/wait-until.js";

describe.each(ENGINES)("files built after the message commits (%s)", (engine) => {
  let t: Awaited<ReturnType<typeof startTestBot>>;
  let fresh: Awaited<ReturnType<typeof freshDb>>;
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

  test("while a 档案 is being built (its photo slow to read) another person is answered; the PDF follows once", async () => {
    const photo = await jpeg(12);
    await t.say("张三", GY_GROUP, { photo, caption: "GY-0001" });
    // The stored photo becomes a named pipe: reading it waits until the test writes the bytes,
    // as a slow disk (or a town's hundred photos) would keep the dossier's build waiting.
    const dir = join(fresh.dir, "photos");
    const sub = (await readdir(dir)).find((d) => d.length === 2)!;
    const name = (await readdir(join(dir, sub))).find((f) => !f.endsWith(".tmp"))!;
    const path = join(dir, sub, name);
    await rm(path);
    execFileSync("mkfifo", [path]);

    await t.chat.post("赵六", "@赵六", "档案 GY-0001");
    const other = t.chat.post("王五", "@王五", "进度");
    await waitUntil(() => t.chat.textsIn("@王五").length > 0, 20_000);
    const answeredMeanwhile = t.chat.textsIn("@王五").length;
    const filesMeanwhile = t.chat.filesIn("@赵六").length;
    await writeFile(path, photo);
    await other;
    await t.bot.settle();

    expect(answeredMeanwhile).toBe(1);
    expect(filesMeanwhile).toBe(0);
    const files = t.chat.filesIn("@赵六");
    expect(files).toHaveLength(1);
    expect(files[0]?.fileName).toMatch(/GY-0001.*\.pdf$/);
    expect(files[0]?.bytes.subarray(0, 5).toString()).toBe("%PDF-");
    expect(t.chat.lastIn("@赵六")).toBe(`📎 ${files[0]?.fileName}`);
  });

  test("a month that cannot be read is answered at once; nothing is queued to build", async () => {
    expect(await t.say("李四", GY_GROUP, "台账 13月")).toContain("无法识别");
    expect(t.chat.filesIn(GY_GROUP)).toHaveLength(0);
    expect(Number((await fresh.db("file_jobs").count({ n: "*" }).first())?.n)).toBe(0);
  });

  test("a town's dossiers: told at once that they are being built, then the archive", async () => {
    await t.say("李四", GY_GROUP, "档案");
    const texts = t.chat.textsIn(GY_GROUP);
    expect(texts.at(-2)).toBe("正在生成古荥镇一企一档，完成后发送。");
    expect(texts.at(-1)).toMatch(/^📎 古荥镇一企一档.*（1 家企业及台账）$/);
    expect(t.chat.filesIn(GY_GROUP).map((f) => f.fileName)).toEqual([expect.stringMatching(/\.zip$/)]);
  });

  test("a job whose process died is taken over once its lease runs out, and its result is queued once", async () => {
    const jobs = createFileJobsRepo(fresh.db);
    const reply = { platform: "memchat", chatId: GY_GROUP };
    await jobs.enqueue({
      key: "test:1",
      kind: "ledger",
      args: { town: "古荥镇", month: null, campaignYear: 2017 },
      reply,
      requestedAt: "2017-03-01T02:00:00.000Z",
      personId: null,
      inboundId: null,
      now: "2017-03-01T02:00:00.000Z",
    });
    const dead = await jobs.claimNext("2017-03-01T02:00:00.000Z", "2017-03-01T02:01:00.000Z", "dead");
    expect(dead?.key).toBe("test:1");
    // Held: nobody else takes it while the lease runs.
    expect(await jobs.claimNext("2017-03-01T02:00:30.000Z", "2017-03-01T02:01:30.000Z", "other")).toBe(
      undefined,
    );
    t.clock.set("2017-03-01T02:02:00.000Z");
    t.bot.fileJobs.kick();
    await t.bot.settle();
    expect(t.chat.lastIn(GY_GROUP)).toContain("共 1 家企业");
    expect(t.chat.filesIn(GY_GROUP)).toHaveLength(1);
    // The dead process's late completion changes nothing.
    expect(await jobs.complete(dead!.id, "dead", "2017-03-01T02:03:00.000Z")).toBe(false);
    expect((await jobs.byKey("test:1"))?.attempts).toBe(2);
  });

  test("a job the last run was building when it was killed: on SQLite (one process) built at the next start at once; on PostgreSQL once its lease ran out", async () => {
    const jobs = createFileJobsRepo(fresh.db);
    await jobs.enqueue({
      key: "test:2",
      kind: "ledger",
      args: { town: "古荥镇", month: null, campaignYear: 2017 },
      reply: { platform: "memchat", chatId: GY_GROUP },
      requestedAt: "2017-03-01T02:00:00.000Z",
      personId: null,
      inboundId: null,
      now: "2017-03-01T02:00:00.000Z",
    });
    // What a run killed mid-build leaves: the job running under its 60 s lease.
    await t.bot.stop();
    expect(
      await jobs.claimNext("2017-03-01T02:00:00.000Z", "2017-03-01T02:01:00.000Z", "killed"),
    ).toBeDefined();
    t = await startTestBot(fresh.db, fresh.dir, { clock: t.clock });
    await t.bot.settle();
    if (engine === "sqlite") {
      expect(t.chat.filesIn(GY_GROUP)).toHaveLength(1);
      expect(t.chat.lastIn(GY_GROUP)).toContain("共 1 家企业");
    } else {
      // Another process may still be building it: its lease holds.
      expect(t.chat.filesIn(GY_GROUP)).toHaveLength(0);
      t.clock.set("2017-03-01T02:02:00.000Z");
      t.bot.fileJobs.kick();
      await t.bot.settle();
      expect(t.chat.filesIn(GY_GROUP)).toHaveLength(1);
    }
    expect(await jobs.complete((await jobs.byKey("test:2"))!.id, "killed", "2017-03-01T02:03:00.000Z")).toBe(
      false,
    );
  });
});
