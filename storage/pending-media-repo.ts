import { z } from "zod";
import { INBOUND_KINDS } from "../base/message.js";
import type { Db } from "./db.js";
import { col, rowSchema } from "./row-schema.js";
import { sqlOf } from "./sql.js";

/** A stored message waiting for its photo or file (status awaiting_media). */
export interface AwaitingMedia {
  id: number;
  platform: string;
  kind: (typeof INBOUND_KINDS)[number];
  /** The platform's reference (its fetchMedia reads it). */
  ref: string;
  expiresAt: string;
  /** Failed fetches after the first (at arrival). */
  tries: number;
  receivedAt: string;
  attempts: number;
}

const awaitingRow = rowSchema("inbound_messages", {
  id: col.int,
  platform: col.text,
  kind: z.enum(INBOUND_KINDS),
  media_ref: col.text,
  media_expires_at: col.text,
  media_tries: col.int,
  received_at: col.text,
  attempts: col.int,
});

const WAITING = "status = 'awaiting_media'";
const FREE = "(lease_until is null or lease_until < ?)";

/**
 * Messages whose photo or file could not be fetched when they arrived. Any instance fetches a due
 * one while holding it (a short lease, so two never fetch the same at once); every change is a
 * guarded UPDATE on the status, so a message leaves awaiting_media once, for one outcome.
 */
export function createPendingMediaRepo(db: Db) {
  const sql = sqlOf(db);
  return {
    /** Those whose next try has come and that nobody holds, oldest first. */
    async due(now: string, limit = 20): Promise<AwaitingMedia[]> {
      const rows = await sql.all(
        `select id, platform, kind, media_ref, media_expires_at, media_tries, received_at, attempts
         from inbound_messages where ${WAITING} and media_next_try_at <= ? and ${FREE}
         order by id limit ${Math.trunc(limit)}`,
        [now, now],
      );
      return awaitingRow.all(rows).map((r) => ({
        id: r.id,
        platform: r.platform,
        kind: r.kind,
        ref: r.media_ref,
        expiresAt: r.media_expires_at,
        tries: r.media_tries,
        receivedAt: r.received_at,
        attempts: r.attempts,
      }));
    },
    /** Holds one for a fetch; false when another instance got it first. */
    async hold(id: number, now: string, leaseUntil: string): Promise<boolean> {
      const changed = await sql.run(
        `update inbound_messages set lease_until = ? where id = ? and ${WAITING} and ${FREE}`,
        [leaseUntil, id, now],
      );
      return changed === 1;
    },
    /** The file arrived: the message is pending again, with it, under this instance's lease. */
    async arrived(
      id: number,
      media: { sha256: string; fileName: string | null },
      leaseUntil: string,
    ): Promise<boolean> {
      const changed = await sql.run(
        `update inbound_messages set status = 'pending', media_sha256 = ?, file_name = coalesce(file_name, ?),
         media_error = null, lease_until = ? where id = ? and ${WAITING}`,
        [media.sha256, media.fileName, leaseUntil, id],
      );
      return changed === 1;
    },
    /** Not this time: tried again from `nextTryAt`, by whichever instance comes first. */
    async tryLater(id: number, nextTryAt: string, error: string): Promise<void> {
      await sql.run(
        `update inbound_messages set media_tries = media_tries + 1, media_next_try_at = ?, media_error = ?,
         lease_until = null where id = ? and ${WAITING}`,
        [nextTryAt, error.slice(0, 2000), id],
      );
    },
    /**
     * Gone for good (refused, or its reference expired): the message becomes the event that tells
     * its sender (media_unavailable), pending under this instance's lease — handled, so told, once.
     */
    async giveUp(id: number, error: string, leaseUntil: string): Promise<boolean> {
      const changed = await sql.run(
        `update inbound_messages set status = 'pending', kind = 'event', event = 'media_unavailable',
         media_tries = media_tries + 1, media_error = ?, lease_until = ? where id = ? and ${WAITING}`,
        [error.slice(0, 2000), leaseUntil, id],
      );
      return changed === 1;
    },
    /** SQLite's one instance at start: a hold the last run left (it stopped mid-fetch) is no one's. */
    async releaseAll(): Promise<void> {
      await sql.run(`update inbound_messages set lease_until = null where ${WAITING}`);
    },
  };
}
