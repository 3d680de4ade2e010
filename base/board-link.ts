import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * A personal link to the web board: who it was given to and until when, signed with the board's
 * secret (HMAC-SHA256). No passwords to manage; a leaked link stops working when it expires, and a
 * changed character anywhere makes it worthless. Made by 看板 (commands), checked by the board.
 *
 * @example
 *   const token = signBoardToken({ personId: 7, expiresAt: Date.now() + 86_400_000 }, secret);
 *   verifyBoardToken(token, secret, new Date()); // { ok: true, claims: { personId: 7, … } }
 */
export interface BoardClaims {
  personId: number;
  /** Epoch milliseconds (kept to the second). */
  expiresAt: number;
}

export type BoardTokenCheck =
  | { ok: true; claims: BoardClaims }
  | { ok: false; reason: "malformed" | "bad-signature" | "expired" };

const FORM = /^(\d{1,12})-(\d{1,12})-([A-Za-z0-9_-]{43})$/;

function mac(body: string, secret: string): string {
  return createHmac("sha256", secret).update(`board:${body}`).digest("base64url");
}

export function signBoardToken(claims: BoardClaims, secret: string): string {
  const body = `${claims.personId}-${Math.floor(claims.expiresAt / 1000)}`;
  return `${body}-${mac(body, secret)}`;
}

export function verifyBoardToken(token: string, secret: string, now: Date): BoardTokenCheck {
  const m = FORM.exec(token);
  if (!m) return { ok: false, reason: "malformed" };
  const body = `${m[1]}-${m[2]}`;
  const given = Buffer.from(m[3] ?? "");
  const wanted = Buffer.from(mac(body, secret));
  if (given.length !== wanted.length || !timingSafeEqual(given, wanted))
    return { ok: false, reason: "bad-signature" };
  const claims = { personId: Number(m[1]), expiresAt: Number(m[2]) * 1000 };
  if (claims.expiresAt <= now.getTime()) return { ok: false, reason: "expired" };
  return { ok: true, claims };
}
