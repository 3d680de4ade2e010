import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { FINISHED_STATES, STATE_PATHS } from "../domain/transitions.js";
import type { Db } from "../storage/db.js";
import { createRepos } from "../storage/repos.js";
import { ENGINES, freshDb } from "./helpers/databases.js";
import { seedDistrict } from "./helpers/test-bot.js";

/** 进度 computed the slow way, straight from the enterprises: the reference the counts must match. */
async function referenceCells(db: Db, today: string) {
  const rows = await db("enterprises").select(
    "town_id",
    "type",
    "requirement",
    "state",
    "closed_at",
    "deadline",
  );
  const cells = new Map<string, { total: number; closed: number; overdue: number }>();
  for (const r of rows) {
    const key = `${r.town_id}|${r.type}|${r.requirement}|${r.state}`;
    const c = cells.get(key) ?? { total: 0, closed: 0, overdue: 0 };
    c.total++;
    if (r.closed_at) c.closed++;
    else if (r.deadline < today && !(FINISHED_STATES as readonly string[]).includes(r.state)) c.overdue++;
    cells.set(key, c);
  }
  return cells;
}

const REQS = ["补办手续", "整改完善", "限期拆除"] as const;
const op = fc.oneof(
  fc.record({
    kind: fc.constant("report" as const),
    town: fc.integer({ min: 1, max: 3 }),
    req: fc.constantFrom(...REQS),
    day: fc.integer({ min: 1, max: 28 }),
  }),
  fc.record({
    kind: fc.constantFrom(
      "work" as const,
      "finish" as const,
      "close" as const,
      "reopen" as const,
      "deadline" as const,
    ),
    pick: fc.nat(),
    day: fc.integer({ min: 1, max: 28 }),
  }),
);

describe.each(ENGINES)("进度 counts kept on every write (%s)", (engine) => {
  test("match a full recount after any sequence of reports, progress, closes, reopens and new deadlines", async () => {
    const { db } = await freshDb(engine);
    await seedDistrict(db);
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 25 }), async (ops) => {
        await db
          .transaction(async (trx) => {
            const r = createRepos(trx);
            const ids: number[] = [];
            for (const o of ops) {
              const day = `2017-03-${String(o.day).padStart(2, "0")}`;
              if (o.kind === "report") {
                const e = await r.enterprises.insert(
                  {
                    caseNo: `P-${Math.random().toString(36).slice(2, 10)}`,
                    townId: o.town,
                    name: "x",
                    nameKey: "x",
                    village: "v",
                    type: "小散乱污",
                    scale: "1人",
                    materials: "m",
                    waterAir: "涉气",
                    permits: "无",
                    requirement: o.req,
                    deadline: day,
                    responsible: "张三",
                    remarks: null,
                    state: "待整治",
                    siteLat: null,
                    siteLng: null,
                    reportedAt: "2017-03-01T00:00:00.000Z",
                    reportedOn: "2017-03-01",
                    reportedBy: null,
                  },
                  "t",
                );
                ids.push(e.id);
                continue;
              }
              if (ids.length === 0) continue;
              const e = (await r.enterprises.byId(ids[o.pick % ids.length]!))!;
              const path = STATE_PATHS[e.requirement];
              if (o.kind === "work") await r.enterprises.update(e.id, { state: path.working });
              if (o.kind === "finish")
                await r.enterprises.update(e.id, { state: path.finished, finished_on: day });
              if (o.kind === "close") await r.enterprises.update(e.id, { closed_at: `${day}T00:00:00.000Z` });
              if (o.kind === "reopen")
                await r.enterprises.update(e.id, { closed_at: null, state: path.working });
              if (o.kind === "deadline") await r.enterprises.update(e.id, { deadline: day });
            }
            const today = "2017-03-15";
            const ref = await referenceCells(trx, today);
            const got = await r.enterprises.progressCells(today);
            const gotMap = new Map(
              got
                .filter((c) => c.total > 0)
                .map((c) => [
                  `${c.townId}|${c.type}|${c.requirement}|${c.state}`,
                  { total: c.total, closed: c.closed, overdue: c.overdue },
                ]),
            );
            expect(gotMap).toEqual(ref);
            await trx.rollback();
          })
          .catch((e) => {
            if (e?.message !== "Transaction rejected with non-error: undefined") throw e;
          });
      }),
      { numRuns: 40 },
    );
    await db.destroy();
  });
});
