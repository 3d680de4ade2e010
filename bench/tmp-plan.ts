import { openDb } from "../storage/db.js";

const db = await openDb({ sqlitePath: "/tmp/plan.sqlite" });
for (const sql of [
  "select e.*, t.name as town_name from enterprises as e inner join towns as t on t.id = e.town_id where e.town_id = 1 and e.name_key = 'x' order by e.id asc limit 1",
  "select id from outbox where status = 'pending' and next_attempt_at <= 'z' order by id asc limit 100",
  "select p.id from identities as i inner join persons as p on p.id = i.person_id where i.platform = 'a' and i.external_id = 'b' and p.active = 1 limit 1",
])
  console.log(
    (await db.raw("explain query plan " + sql)).map((r: { detail: string }) => r.detail).join(" | "),
  );
await db.destroy();
