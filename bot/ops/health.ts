import type { Db } from "../../storage/db.js";
import { databaseAnswers } from "../../storage/ops-stats-repo.js";
import type { Platform } from "../platform.js";

export interface Health {
  ok: boolean;
  /** What is wrong, one line each (empty when ok). */
  reasons: string[];
  database: "ok" | "down";
  platforms: Record<string, { connected: boolean; since: string; reason?: string }>;
}

/**
 * Healthy = the database answers (within `timeoutMs`: an unreachable PostgreSQL would otherwise hold
 * the check for a minute) and every enabled platform is connected. /healthz answers 200 or 503 with it.
 */
export async function checkHealth(o: {
  db: Db;
  platforms: Iterable<Platform>;
  timeoutMs?: number;
}): Promise<Health> {
  const reasons: string[] = [];
  let database: Health["database"] = "ok";
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      databaseAnswers(o.db),
      new Promise((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`no answer in ${o.timeoutMs ?? 3000} ms`)),
          o.timeoutMs ?? 3000,
        );
      }),
    ]);
  } catch (error) {
    database = "down";
    reasons.push(`database: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    clearTimeout(timer);
  }
  const platforms: Health["platforms"] = {};
  for (const p of o.platforms) {
    const s = p.status();
    platforms[p.name] = {
      connected: s.connected,
      since: s.since.toISOString(),
      ...(s.reason ? { reason: s.reason } : {}),
    };
    if (!s.connected)
      reasons.push(`${p.name}: ${s.reason ?? "not connected"} (since ${s.since.toISOString()})`);
  }
  return { ok: reasons.length === 0, reasons, database, platforms };
}
