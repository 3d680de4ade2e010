import { verifyBoardToken } from "../base/board-link.js";
import type { Clock } from "../base/clock.js";
import { type Role, TOWN_ROLES } from "../domain/enums.js";
import type { BoardRepo } from "../storage/board-repo.js";
import type { Town } from "../storage/towns-repo.js";

/** Who opened the board, through which link, and what they may see. */
export interface Viewer {
  personId: number;
  name: string;
  role: Role;
  /** A town's people see their town only; undefined = the whole district. */
  town: Town | undefined;
  expiresAt: number;
  /** Every page of this link starts here: /b/<token>. */
  base: string;
}

export type ViewerCheck = { ok: true; viewer: Viewer } | { ok: false; reason: string };

/**
 * Checks a link's token (signature, expiry) and that it still names an active person; the scope is
 * worked out from the person as they are now, like 挂图 (a town's people: their town).
 */
export async function viewerOf(
  token: string,
  deps: {
    secret: string;
    clock: Clock;
    board: BoardRepo;
    townById: (id: number) => Promise<Town | undefined>;
  },
): Promise<ViewerCheck> {
  const check = verifyBoardToken(token, deps.secret, deps.clock.now());
  if (!check.ok) return { ok: false, reason: check.reason };
  const person = await deps.board.activePerson(check.claims.personId);
  if (!person) return { ok: false, reason: "person-gone" };
  const role = person.role as Role;
  const town = TOWN_ROLES.includes(role) && person.townId ? await deps.townById(person.townId) : undefined;
  if (TOWN_ROLES.includes(role) && !town) return { ok: false, reason: "no-town" };
  return {
    ok: true,
    viewer: {
      personId: person.id,
      name: person.name,
      role,
      town,
      expiresAt: check.claims.expiresAt,
      base: `/b/${token}`,
    },
  };
}

export const mayOpenTown = (v: Viewer, townId: number) => !v.town || v.town.id === townId;
/** 附件2 is the district's ledger: as 督查台账 in chat. */
export const mayLedger2 = (v: Viewer) => ["district_supervisor", "director", "admin"].includes(v.role);
/** A whole town's dossiers: as 档案 <镇名> in chat (not for inspectors). */
export const mayTownDossiers = (v: Viewer) => v.role !== "inspector";
