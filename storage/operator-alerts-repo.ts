import type { Db } from "./db.js";
import { col, rowSchema } from "./row-schema.js";
import { sqlOf } from "./sql.js";

const alertRow = rowSchema("operator_alerts", {
  id: col.int,
  kind: col.text,
  subject: col.text,
  title: col.text,
  detail: col.text.nullable(),
  opened_at: col.text,
  last_seen_at: col.text,
  occurrences: col.int,
});

export interface OperatorAlertRow {
  id: number;
  kind: string;
  subject: string;
  title: string;
  detail: string | null;
  openedAt: string;
  lastSeenAt: string;
  occurrences: number;
}

const toAlert = (raw: unknown): OperatorAlertRow => {
  const r = alertRow.parse(raw);
  return {
    id: r.id,
    kind: r.kind,
    subject: r.subject,
    title: r.title,
    detail: r.detail,
    openedAt: r.opened_at,
    lastSeenAt: r.last_seen_at,
    occurrences: r.occurrences,
  };
};

const adminRow = rowSchema(
  "identities",
  { person_id: col.int, name: col.text, platform: col.text, external_id: col.text },
  "person_id",
);

/** The operator_alerts table: an incident opens once and closes once, whoever asks how often. */
export function createOperatorAlertsRepo(db: Db) {
  const sql = sqlOf(db);
  return {
    /**
     * Opens the incident unless it is open already. Returns the row when this call opened it; when it
     * was open, counts one more occurrence and returns null. One statement, so two callers at once
     * (or two instances) never both open it.
     */
    async open(a: {
      kind: string;
      subject: string;
      title: string;
      detail: string | null;
      /** When it began (now, or earlier when the caller knows). */
      openedAt: string;
      now: string;
    }) {
      const [opened] = await sql.all(
        `insert into operator_alerts (kind, subject, status, title, detail, opened_at, last_seen_at, occurrences)
         values (?, ?, 'open', ?, ?, ?, ?, 1)
         on conflict (kind, subject) do update set status = 'open', title = excluded.title,
           detail = excluded.detail, opened_at = excluded.opened_at, last_seen_at = excluded.last_seen_at,
           closed_at = null, occurrences = 1
         where operator_alerts.status = 'closed'
         returning *`,
        [a.kind, a.subject, a.title, a.detail, a.openedAt, a.now],
      );
      if (opened) return toAlert(opened);
      await sql.run(
        `update operator_alerts set occurrences = occurrences + 1, last_seen_at = ?
         where kind = ? and subject = ? and status = 'open'`,
        [a.now, a.kind, a.subject],
      );
      return null;
    },
    /** Closes the incident if it is open; returns it (null when there was none open). */
    async close(kind: string, subject: string, now: string): Promise<OperatorAlertRow | null> {
      const [closed] = await sql.all(
        `update operator_alerts set status = 'closed', closed_at = ?
         where kind = ? and subject = ? and status = 'open' returning *`,
        [now, kind, subject],
      );
      return closed ? toAlert(closed) : null;
    },
    async listOpen(): Promise<OperatorAlertRow[]> {
      const rows = await db("operator_alerts").where({ status: "open" }).orderBy("id");
      return rows.map(toAlert);
    },
    /** Every active 管理员 with the chat accounts they can be reached on, in the order linked. */
    async admins(): Promise<{ personId: number; name: string; platform: string; externalId: string }[]> {
      const rows = await db("persons as p")
        .join("identities as i", "i.person_id", "p.id")
        .where({ "p.role": "admin", "p.active": true })
        .orderBy([{ column: "p.id" }, { column: "i.id" }])
        .select("p.id as person_id", "p.name", "i.platform", "i.external_id");
      return adminRow.all(rows).map((r) => ({
        personId: r.person_id,
        name: r.name,
        platform: r.platform,
        externalId: r.external_id,
      }));
    },
  };
}
