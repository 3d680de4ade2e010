import { afterEach, describe, expect, test } from "vitest";
import type { Db } from "../storage/db.js";
import { col, rowSchema } from "../storage/row-schema.js";
import { sqlOf } from "../storage/sql.js";
import { ENGINES, freshDb } from "./helpers/databases.js";

describe.each(ENGINES)("plain SQL on the hot path (%s)", (engine) => {
  let db: Db;
  afterEach(async () => {
    await db?.destroy();
  });

  test("one SQL text: booleans, nulls, returning, changed-row counts", async () => {
    ({ db } = await freshDb(engine));
    const sql = sqlOf(db);
    const town = rowSchema("towns", { id: col.int }).parse(
      await sql.first("insert into towns (name, code) values (?, ?) returning id", ["古荥镇", "GY"]),
    );
    await sql.run(
      "insert into progress_cells (town_id, type, requirement, state, closed, n) values (?, ?, ?, ?, ?, ?)",
      [town.id, "小散乱污", "限期拆除", "待整治", false, 2],
    );
    // Booleans come back as 0/1 from SQLite, sums as strings from PostgreSQL: the column types read both.
    const cell = await sql.first(
      "select closed, sum(n) as n from progress_cells where town_id = ? group by closed",
      [town.id],
    );
    expect(rowSchema("progress_cells", { closed: col.bool, n: col.count }).parse(cell)).toEqual({
      closed: false,
      n: 2,
    });
    expect(await sql.run("update towns set code = ? where name = ?", ["GX", "古荥镇"])).toBe(1);
    expect(await sql.run("update towns set code = ? where name = ?", ["GX", "无此镇"])).toBe(0);
    expect(await sql.all("select name from towns where code = ?", [undefined])).toEqual([]);
  });

  test("inside a transaction it sees and undoes that transaction's writes", async () => {
    ({ db } = await freshDb(engine));
    await db
      .transaction(async (trx) => {
        const sql = sqlOf(trx);
        await sql.run("insert into towns (name, code) values (?, ?)", ["古荥镇", "GY"]);
        expect(await sql.all("select code from towns")).toEqual([{ code: "GY" }]);
        throw new Error("roll back");
      })
      .catch(() => undefined);
    expect(await sqlOf(db).all("select code from towns")).toEqual([]);
  });

  test("a finished transaction refuses statements rather than running them outside it", async () => {
    ({ db } = await freshDb(engine));
    const trx = await db.transaction();
    await sqlOf(trx).all("select 1 as one");
    await trx.commit();
    await expect(
      sqlOf(trx).run("insert into towns (name, code) values (?, ?)", ["古荥镇", "GY"]),
    ).rejects.toThrow();
    expect(await sqlOf(db).all("select code from towns")).toEqual([]);
  });
});
