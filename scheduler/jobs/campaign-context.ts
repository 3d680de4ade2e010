import type { OutboundTarget } from "../../base/message.js";
import { zonedInstant } from "../../base/zoned-time.js";
import type { IsoDate } from "../../domain/dates.js";
import { createCampaignStatsRepo } from "../../storage/campaign-stats-repo.js";
import { type Chat, createChatsRepo } from "../../storage/chats-repo.js";
import type { Db } from "../../storage/db.js";
import { createSubmissionsRepo } from "../../storage/submissions-repo.js";
import { createTownsRepo } from "../../storage/towns-repo.js";

/** What every campaign job needs. `db` may be a transaction (立即推送 runs in the message's). */
export interface CampaignDeps {
  db: Db;
  campaignYear: number;
  timezone: string;
}

const targetOf = (chat: Chat): OutboundTarget => ({
  platform: chat.platform,
  chatId: chat.externalId,
});

/** Repositories and the bound groups, looked up once per run. */
export async function loadCampaign(deps: CampaignDeps) {
  const chats = createChatsRepo(deps.db);
  const towns = await createTownsRepo(deps.db).list();
  const townGroups = new Map<number, OutboundTarget[]>();
  for (const chat of await chats.townGroups()) {
    // townGroups() lists only groups bound to a town.
    if (chat.townId === null) continue;
    const list = townGroups.get(chat.townId) ?? [];
    list.push(targetOf(chat));
    townGroups.set(chat.townId, list);
  }
  return {
    towns,
    townName: new Map(towns.map((t) => [t.id, t.name])),
    townGroups,
    district: (await chats.byPurpose("district")).map(targetOf),
    leadership: (await chats.byPurpose("leadership")).map(targetOf),
    stats: createCampaignStatsRepo(deps.db),
    submissions: createSubmissionsRepo(deps.db),
  };
}

/** 'YYYY-MM' → its first and last day, and the instants that open and close it in the zone. */
export function monthRange(month: string, timezone: string) {
  const [y, m] = month.split("-").map(Number) as [number, number];
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  const [nextY, nextM] = m === 12 ? [y + 1, 1] : [y, m + 1];
  return {
    from: `${month}-01` as IsoDate,
    to: `${month}-${String(last).padStart(2, "0")}` as IsoDate,
    startInstant: zonedInstant(timezone, y, m, 1).toISOString(),
    endInstant: zonedInstant(timezone, nextY, nextM, 1).toISOString(),
  };
}

export function previousMonth(month: string): string {
  const [y, m] = month.split("-").map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, "0")}`;
}

/** Ledgers are due monthly from February of the campaign year on. */
export function ledgersDue(month: string, campaignYear: number): boolean {
  const [y, m] = month.split("-").map(Number) as [number, number];
  return y > campaignYear || (y === campaignYear && m >= 2);
}
