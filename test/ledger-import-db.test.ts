import { afterEach, describe, expect, test } from "vitest";
import { LedgerFormatError } from "../reports/ledger/ledger1-import.js";
import { importLedger1IntoDb } from "../reports/ledger/ledger1-import-db.js";
import { buildLedger1Xlsx } from "../reports/ledger/ledger1-xlsx.js";
import type { Db } from "../storage/db.js";
import { createRepos } from "../storage/repos.js";
import type { Town } from "../storage/towns-repo.js";
import { townEnterprises } from "./fixtures/ledgers/enterprises.js";
import { messyLedger } from "./fixtures/ledgers/messy-ledger.js";
import { ENGINES, freshDb } from "./helpers/databases.js";

const NOW = "2017-03-25T02:00:00.000Z";

describe.each(ENGINES)("importLedger1IntoDb on %s", (engine) => {
  let db: Db | undefined;
  afterEach(async () => {
    await db?.destroy();
    db = undefined;
  });

  async function setup(): Promise<{ db: Db; town: Town; personId: number }> {
    db = (await freshDb(engine)).db;
    const repos = createRepos(db);
    const town = await repos.towns.add("花园口镇", "HYK");
    await repos.towns.add("古荥镇", "GY");
    const person = await repos.persons.add({ name: "李四", role: "town_admin", townId: town.id, now: NOW });
    return { db, town, personId: person.id };
  }
  const count = async (d: Db, table: string) => Number((await d(table).count({ n: "*" }))[0]!.n);

  test("a ledger becomes cases with their states; the same file again changes nothing", async () => {
    const { db, town, personId } = await setup();
    const xlsx = await buildLedger1Xlsx({
      town: "花园口镇",
      date: "2017-03-23",
      enterprises: townEnterprises(),
    });
    const opts = { town, personId, now: NOW, today: "2017-03-25", campaignYear: 2017, fileName: "台账.xlsx" };

    const first = await importLedger1IntoDb(db, xlsx, opts);
    expect(first.created.map((c) => c.enterprise.caseNo)).toEqual([
      "HYK-0001",
      "HYK-0002",
      "HYK-0003",
      "HYK-0004",
    ]);
    expect(first.rejected).toEqual([]);
    const stored = await createRepos(db).enterprises.listByTown(town.id);
    expect(stored.map((e) => [e.name, e.state, e.finishedOn, e.closedAt !== null, e.reportedOn])).toEqual([
      ["黄河塑料加工厂", "待整治", null, false, "2017-02-10"],
      ["郑州市惠济区宏达铸造有限公司", "正在整治", null, false, "2017-02-12"],
      ["金水印染作坊", "拆除到位", "2017-03-18", true, "2017-02-15"],
      ["顺发汽修店", "手续办结", "2017-03-01", false, "2017-02-20"],
    ]);
    const audit = await createRepos(db).audit.forEntity("enterprise", stored[0]!.id);
    expect(audit).toMatchObject([{ action: "ledger_import", personId, note: "台账导入（台账.xlsx）第5行" }]);

    const enterprisesBefore = await count(db, "enterprises");
    const auditBefore = await count(db, "audit_log");
    const second = await importLedger1IntoDb(db, xlsx, opts);
    expect(second.created).toEqual([]);
    expect(second.duplicatesInDb.map((d) => [d.row, d.caseNo])).toEqual([
      [5, "HYK-0001"],
      [6, "HYK-0002"],
      [7, "HYK-0003"],
      [8, "HYK-0004"],
    ]);
    expect(await count(db, "enterprises")).toBe(enterprisesBefore);
    expect(await count(db, "audit_log")).toBe(auditBefore);
  });

  test("a ledger of another town is refused whole", async () => {
    const { db, town, personId } = await setup();
    await expect(
      importLedger1IntoDb(db, await messyLedger(), {
        town,
        personId,
        now: NOW,
        today: "2017-03-25",
        campaignYear: 2017,
      }),
    ).rejects.toThrow(LedgerFormatError);
    expect(await count(db, "enterprises")).toBe(0);
  });

  test("the messy ledger into its own town: good rows in, bad cells named", async () => {
    const { db, personId } = await setup();
    const gy = (await createRepos(db).towns.byName("古荥镇"))!;
    const result = await importLedger1IntoDb(db, await messyLedger(), {
      town: gy,
      personId,
      now: NOW,
      today: "2017-03-25",
      campaignYear: 2017,
    });
    expect(result.created).toHaveLength(6);
    expect(result.rejected.map((r) => r.cell)).toEqual(["D12", "K12", "M13", "M17"]);
    expect(result.duplicatesInFile).toHaveLength(1);
    expect(result.reinterpreted).toEqual([{ row: 11, label: "整治要求", from: "拆除", to: "限期拆除" }]);
    expect(await count(db, "enterprises")).toBe(6);
  });

  test.runIf(engine === "sqlite")("a failure half-way leaves nothing behind", async () => {
    const { db, town, personId } = await setup();
    await db.raw(
      "CREATE TRIGGER boom BEFORE INSERT ON enterprises WHEN NEW.name = '金水印染作坊' BEGIN SELECT RAISE(ABORT, 'disk full'); END",
    );
    const xlsx = await buildLedger1Xlsx({
      town: "花园口镇",
      date: "2017-03-23",
      enterprises: townEnterprises(),
    });
    await expect(
      importLedger1IntoDb(db, xlsx, { town, personId, now: NOW, today: "2017-03-25", campaignYear: 2017 }),
    ).rejects.toThrow(/disk full/);
    expect(await count(db, "enterprises")).toBe(0);
    expect(await count(db, "audit_log")).toBe(0);
    // No case number was used up: the next report in the town is still its first.
    expect(await createRepos(db).towns.nextCaseSeq(town.id)).toBe(1);
  });
});
