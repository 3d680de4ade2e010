import { z } from "zod";
import { CHAT_KINDS, type ChatKind } from "../base/message.js";
import type { Db } from "./db.js";
import { col, rowSchema } from "./row-schema.js";
import { sqlOf } from "./sql.js";

const CHAT_PURPOSES = ["town", "district", "leadership"] as const;
export type ChatPurpose = (typeof CHAT_PURPOSES)[number];

export interface Chat {
  id: number;
  platform: string;
  externalId: string;
  title: string | null;
  kind: ChatKind;
  townId: number | null;
  purpose: ChatPurpose | null;
}

const chatRow = rowSchema("chats", {
  id: col.int,
  platform: col.text,
  external_id: col.text,
  title: col.text.nullable(),
  kind: z.enum(CHAT_KINDS),
  town_id: col.int.nullable(),
  purpose: z.enum(CHAT_PURPOSES).nullable(),
});
const toChat = (raw: unknown): Chat => {
  const r = chatRow.parse(raw);
  return {
    id: r.id,
    platform: r.platform,
    externalId: r.external_id,
    title: r.title,
    kind: r.kind,
    townId: r.town_id,
    purpose: r.purpose,
  };
};

export function createChatsRepo(db: Db) {
  const sql = sqlOf(db);
  return {
    /** The chat a message came from, recorded the first time it is seen. */
    async ensure(platform: string, externalId: string, kind: ChatKind, title?: string): Promise<Chat> {
      // Every message asks this: plain SQL (storage/sql.ts).
      const find = async () =>
        sql.first("select * from chats where platform = ? and external_id = ? limit 1", [
          platform,
          externalId,
        ]);
      const found = await find();
      if (found !== undefined) {
        const chat = toChat(found);
        if (title && title !== chat.title) {
          await sql.run("update chats set title = ? where id = ?", [title, chat.id]);
          return { ...chat, title };
        }
        return chat;
      }
      await sql.run(
        "insert into chats (platform, external_id, kind, title) values (?, ?, ?, ?) on conflict (platform, external_id) do nothing",
        [platform, externalId, kind, title ?? null],
      );
      const inserted = await find();
      if (inserted === undefined) throw new Error(`chat ${platform}:${externalId} was not recorded`);
      return toChat(inserted);
    },
    async bind(chatId: number, purpose: ChatPurpose, townId: number | null): Promise<void> {
      await db("chats").where({ id: chatId }).update({ purpose, town_id: townId });
    },
    /**
     * A chat that took a new id (a Telegram group upgraded to a supergroup): the new id keeps the old
     * one's binding. Unseen so far, the row simply takes the new id (audit and submission rows keep
     * pointing at it); already seen, it takes the binding where it has none, and the old id, which no
     * longer receives anything, loses its own so pushes go to one place. Running it twice changes nothing.
     */
    async move(platform: string, fromExternalId: string, toExternalId: string): Promise<void> {
      const row = (externalId: string) =>
        sql.first("select * from chats where platform = ? and external_id = ? limit 1", [
          platform,
          externalId,
        ]);
      const fromRaw = await row(fromExternalId);
      if (fromRaw === undefined) return;
      const from = toChat(fromRaw);
      const toRaw = await row(toExternalId);
      if (toRaw === undefined) {
        await sql.run("update chats set external_id = ? where id = ?", [toExternalId, from.id]);
        return;
      }
      const to = toChat(toRaw);
      if (from.purpose === null) return;
      if (to.purpose === null) {
        await sql.run("update chats set purpose = ?, town_id = ? where id = ?", [
          from.purpose,
          from.townId,
          to.id,
        ]);
      }
      await sql.run("update chats set purpose = null, town_id = null where id = ?", [from.id]);
    },
    async byPurpose(purpose: ChatPurpose): Promise<Chat[]> {
      return (await db("chats").where({ purpose }).orderBy("id")).map(toChat);
    },
    async townGroups(): Promise<Chat[]> {
      return (await db("chats").where({ purpose: "town" }).whereNotNull("town_id").orderBy("id")).map(toChat);
    },
  };
}
