import type { ChatKind } from "../base/message.js";
import type { Db } from "./db.js";
import { sqlOf } from "./sql.js";

export type ChatPurpose = "town" | "district" | "leadership";

export interface Chat {
  id: number;
  platform: string;
  externalId: string;
  title: string | null;
  kind: ChatKind;
  townId: number | null;
  purpose: ChatPurpose | null;
}

type ChatRow = {
  id: number;
  platform: string;
  external_id: string;
  title: string | null;
  kind: string;
  town_id: number | null;
  purpose: string | null;
};
const toChat = (r: ChatRow): Chat => ({
  id: r.id,
  platform: r.platform,
  externalId: r.external_id,
  title: r.title,
  kind: r.kind as ChatKind,
  townId: r.town_id,
  purpose: r.purpose as ChatPurpose | null,
});

export function createChatsRepo(db: Db) {
  const sql = sqlOf(db);
  return {
    /** The chat a message came from, recorded the first time it is seen. */
    async ensure(platform: string, externalId: string, kind: ChatKind, title?: string): Promise<Chat> {
      // Every message asks this: plain SQL (storage/sql.ts).
      const find = () =>
        sql.first<ChatRow>("select * from chats where platform = ? and external_id = ? limit 1", [
          platform,
          externalId,
        ]);
      const found = await find();
      if (found) {
        if (title && title !== found.title)
          await sql.run("update chats set title = ? where id = ?", [title, found.id]);
        return toChat({ ...found, title: title ?? found.title });
      }
      await sql.run(
        "insert into chats (platform, external_id, kind, title) values (?, ?, ?, ?) on conflict (platform, external_id) do nothing",
        [platform, externalId, kind, title ?? null],
      );
      return toChat((await find()) as ChatRow);
    },
    async bind(chatId: number, purpose: ChatPurpose, townId: number | null): Promise<void> {
      await db("chats").where({ id: chatId }).update({ purpose, town_id: townId });
    },
    async byPurpose(purpose: ChatPurpose): Promise<Chat[]> {
      return (await db("chats").where({ purpose }).orderBy("id")).map(toChat);
    },
    async townGroups(): Promise<Chat[]> {
      return (await db("chats").where({ purpose: "town" }).whereNotNull("town_id").orderBy("id")).map(toChat);
    },
  };
}
