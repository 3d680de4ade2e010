import { FINISHED_STATES } from "../domain/transitions.js";
import type { Db } from "../storage/db.js";
import { rebuildProgressCounts } from "../storage/migrations/20261128-007-progress-counts.js";

const TYPES = ["小散乱污", "八小"];
const PATHS = [
  ["补办手续", ["待整治", "补办手续", "手续办结"]],
  ["整改完善", ["待整治", "正在整治", "整改到位"]],
  ["限期拆除", ["待整治", "正在拆除", "拆除到位"]],
] as const;

/**
 * Fills a database with `enterprises` cases spread over the given towns, with a deterministic mix of
 * types, requirements, states, deadlines, completions and closures (for benchmarks only).
 */
export async function seedEnterprises(
  db: Db,
  towns: { id: number; code: string }[],
  enterprises: number,
  year = 2026,
) {
  const rows = [];
  for (let i = 0; i < enterprises; i++) {
    const town = towns[i % towns.length]!;
    const [requirement, states] = PATHS[i % 3]!;
    const state = states[(i % 7) % 3]!;
    const finished = (FINISHED_STATES as readonly string[]).includes(state);
    const month = String((i % 10) + 1).padStart(2, "0");
    rows.push({
      case_no: `${town.code}-${i}`,
      town_id: town.id,
      name: `企业${i}`,
      name_key: `企业${i}`,
      village: "某村",
      type: TYPES[i % 2],
      scale: "10人",
      materials: "塑料",
      water_air: "涉气",
      permits: "无",
      requirement,
      deadline: `${year}-${month}-15`,
      responsible: "张三",
      state,
      finished_on: finished ? `${year}-${month}-10` : null,
      closed_at: finished && i % 11 === 0 ? `${year}-${month}-12T00:00:00.000Z` : null,
      reported_at: `${year}-01-05T00:00:00.000Z`,
      reported_on: `${year}-01-05`,
      updated_at: `${year}-01-05T00:00:00.000Z`,
    });
  }
  await db.batchInsert("enterprises", rows, 500);
  // Bulk rows bypass the repository, so the 进度 counts are rebuilt as the migration does.
  await rebuildProgressCounts(db);
}

/** `n` towns with codes T1…Tn and a bound group chat each, plus a leadership group. */
export async function seedTowns(db: Db, n: number) {
  const towns = Array.from({ length: n }, (_, i) => ({ name: `第${i + 1}镇`, code: `T${i + 1}` }));
  await db.batchInsert("towns", towns, 200);
  const saved: { id: number; name: string; code: string }[] = await db("towns").select("id", "name", "code");
  await db.batchInsert(
    "chats",
    saved.map((t) => ({
      platform: "console",
      external_id: `${t.name}群`,
      kind: "group",
      town_id: t.id,
      purpose: "town",
    })),
    200,
  );
  await db("chats").insert({
    platform: "console",
    external_id: "领导小组群",
    kind: "group",
    purpose: "leadership",
  });
  return saved;
}
