import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, test } from "vitest";
import { openDb } from "../storage/db.js";
import { solidPng } from "./fixtures/ledgers/png.js";
import { freshDb } from "./helpers/databases.js";
import { GY_GROUP, REPORT, seedDistrict, startTestBot } from "./helpers/test-bot.js";

// `npm run backup` while messages arrive, then `npm run restore` into an empty folder: every message,
// case, photo and audit record stored before the backup began is there, exactly as it was, and the
// copy is one moment of the database (nothing half-handled). Both commands run as the operator runs
// them: separate processes, through package.json's entry.

const root = join(import.meta.dirname, "..");
const TABLES = [
  "inbound_messages",
  "enterprises",
  "photos",
  "enterprise_photos",
  "audit_log",
  "outbox",
] as const;
/** Rows of the queues change after they are written (handled, sent): compare what they hold. */
const SAME: Partial<Record<(typeof TABLES)[number], string[]>> = {
  inbound_messages: [
    "id",
    "platform",
    "message_id",
    "chat_external_id",
    "sender_external_id",
    "text",
    "media_sha256",
    "received_at",
  ],
  outbox: ["id", "idempotency_key", "platform", "target_json", "message_json", "created_at"],
};

function run(script: "backup" | "restore", args: string[], env: Record<string, string>) {
  return new Promise<{ code: number; out: string }>((resolve) => {
    const child = spawn(process.execPath, [join(root, "app/run-entry.mjs"), `app/${script}-cli`, ...args], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: "", ...env },
    });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (out += d));
    child.on("close", (code) => resolve({ code: code ?? 1, out }));
  });
}

const cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

describe("backup and restore", () => {
  test("backed up while messages arrive, restored into an empty folder: every record of the moment is there", async () => {
    const { db, dir } = await freshDb("sqlite");
    const dataDir = join(dir, "data");
    await seedDistrict(db);
    const t = await startTestBot(db, dataDir);
    cleanup.push(
      () => db.destroy(),
      () => t.bot.stop(),
    );
    const counts = async (d = db) => {
      const n: Record<string, number> = {};
      for (const table of TABLES) n[table] = Number((await d(table).count({ n: "*" }).first())?.n);
      return n;
    };

    // Reports, each with its photo, arrive without pause until told to stop.
    let stop = false;
    let sent = 0;
    const arriving = (async () => {
      while (!stop) {
        const i = sent++;
        await t.chat.post("张三", GY_GROUP, REPORT.replace("黄河塑料加工厂", `黄河塑料${i}厂`));
        await t.chat.post("张三", GY_GROUP, { photo: solidPng(3, 3, [i % 256, (i >> 8) % 256, 99]) });
        await t.bot.settle();
      }
    })();
    while (sent < 10) await new Promise((r) => setTimeout(r, 5));

    const env = {
      SQLITE_PATH: (db.client.config.connection as { filename: string }).filename,
      DATA_DIR: dataDir,
    };
    const before = await counts();
    const backup = await run("backup", ["-o", join(dir, "backups")], env);
    const after = await counts();
    stop = true;
    await arriving;
    expect(backup.out).toMatch(/^备份完成：.+huanbao-backup-\d{8}T\d{6}Z\.tar\.gz（数据库 \+ \d+ 张照片/);
    expect(backup.code).toBe(0);
    expect(after.inbound_messages).toBeGreaterThan(before.inbound_messages!); // messages kept arriving
    const [archive] = readdirSync(join(dir, "backups"));

    const restoredDir = join(dir, "restored");
    const restoredDb = join(restoredDir, "huanbao.sqlite");
    const restore = await run("restore", [join(dir, "backups", archive!)], {
      SQLITE_PATH: restoredDb,
      DATA_DIR: restoredDir,
    });
    expect(restore.out).toContain("已恢复");
    expect(restore.code).toBe(0);

    const copy = await openDb({ sqlitePath: restoredDb });
    cleanup.push(() => copy.destroy());
    const got = await counts(copy);
    for (const table of TABLES) {
      expect(got[table], table).toBeGreaterThanOrEqual(before[table]!);
      expect(got[table], table).toBeLessThanOrEqual(after[table]!);
      // Each record restored is the record as stored, column for column (for the two queues, what
      // the record is: their status moved on after the backup, as it should).
      const key = table === "photos" ? "sha256" : "id";
      const columns = SAME[table] ?? "*";
      const mine = await copy(table).select(columns).orderBy(key);
      const theirs = await db(table)
        .select(columns)
        .whereIn(
          key,
          mine.map((r) => r[key]),
        )
        .orderBy(key);
      expect(mine, table).toEqual(theirs);
    }
    // One moment: every handled message's report and audit came along with it, and nothing more.
    const handled = Number(
      (await copy("inbound_messages").where({ status: "done" }).count({ n: "*" }).first())?.n,
    );
    expect(got.enterprises).toBe(Math.ceil(handled / 2));
    // Every photo on record is in the restored store with the bytes its sha256 names.
    for (const p of await copy("photos")) {
      const bytes = readFileSync(join(restoredDir, "photos", p.path));
      expect(createHash("sha256").update(bytes).digest("hex")).toBe(p.sha256);
    }

    // The restored bot answers from it.
    const again = await startTestBot(copy, restoredDir);
    cleanup.push(() => again.bot.stop());
    const card = await again.say("李四", GY_GROUP, "查询 GY-0001");
    expect(card).toContain("黄河塑料0厂");
    expect(card).toContain("照片");
  });

  test("restore refuses a folder that is not empty, and a missing archive", async () => {
    const { dir } = await freshDb("sqlite");
    const target = join(dir, "busy");
    mkdirSync(target);
    writeFileSync(join(target, "huanbao.sqlite"), "");
    const refused = await run("restore", [join(dir, "none.tar.gz")], {
      DATA_DIR: target,
      SQLITE_PATH: join(target, "h.sqlite"),
    });
    expect(refused.code).toBe(1);
    expect(refused.out).toContain("找不到备份文件");
    const { dir: other } = await freshDb("sqlite");
    const made = await run("backup", ["-o", join(other, "b")], {
      SQLITE_PATH: join(other, "test.sqlite"),
      DATA_DIR: other,
    });
    expect(made.code).toBe(0);
    const [archive] = readdirSync(join(other, "b"));
    const busy = await run("restore", [join(other, "b", archive!)], {
      DATA_DIR: target,
      SQLITE_PATH: join(target, "h.sqlite"),
    });
    expect(busy.code).toBe(1);
    expect(busy.out).toMatch(/^数据目录 .+busy 不是空的（huanbao.sqlite…）：只能恢复到空目录/);
  });
});
