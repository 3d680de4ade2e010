import { randomUUID } from "node:crypto";
import { PlatformRequestError } from "../../base/errors.js";
import type { InboundMessage, OutboundMessage, OutboundTarget } from "../../base/message.js";
import type { Platform } from "../../bot/platform.js";
import { createPlatformStatus } from "../../bot/platform-status.js";

/**
 * A chat app in memory: people post into chats, the bot's messages land in each chat's log.
 * It can go down (every send fails as a network error would) to test the outbox.
 */
export function createMemoryChat(name = "memchat") {
  let deliver: ((m: InboundMessage) => Promise<void>) | undefined;
  const sent: { target: OutboundTarget; message: OutboundMessage }[] = [];
  let down = false;
  let clock = () => new Date();
  const status = createPlatformStatus(() => clock());

  const platform: Platform = {
    name,
    capabilities: { markdown: false, image: true, file: true, mention: false, maxTextBytes: 4096 },
    async start(onMessage) {
      deliver = onMessage;
      if (!down) status.up();
    },
    async stop() {
      deliver = undefined;
      status.down("已停止");
    },
    status: status.get,
    async send(target, message) {
      if (down) throw new PlatformRequestError("connect ECONNREFUSED 127.0.0.1");
      sent.push({ target, message });
    },
  };

  return {
    platform,
    sent,
    /** The chat service goes away (sends fail, the status says so) or comes back. */
    setDown(value: boolean) {
      down = value;
      if (value) status.down("连接被拒绝");
      else if (deliver) status.up();
    },
    useClock(now: () => Date) {
      clock = now;
    },
    /** A person posts a message; resolves once the bot has stored it. Returns the message. */
    async post(
      from: string,
      chat: string,
      content:
        | string
        | { photo: Buffer; caption?: string }
        | { file: Buffer; fileName: string }
        | { lat: number; lng: number },
      messageId: string = randomUUID(),
    ): Promise<InboundMessage> {
      if (!deliver) throw new Error("the bot is not connected");
      const base = {
        platform: name,
        messageId,
        chat: chat.startsWith("@")
          ? { id: chat, kind: "private" as const }
          : { id: chat, kind: "group" as const, title: chat },
        sender: { id: from, name: from },
        receivedAt: clock(),
      };
      const message: InboundMessage =
        typeof content === "string"
          ? { ...base, kind: "text", text: content }
          : "photo" in content
            ? { ...base, kind: "image", text: content.caption, media: { bytes: content.photo } }
            : "file" in content
              ? { ...base, kind: "file", media: { bytes: content.file, fileName: content.fileName } }
              : { ...base, kind: "location", location: { lat: content.lat, lng: content.lng } };
      await deliver(message);
      return message;
    },
    /** The texts the bot sent into a chat, oldest first. */
    textsIn(chat: string): string[] {
      return sent
        .filter(
          (s) => s.target.chatId === chat && (s.message.kind === "text" || s.message.kind === "markdown"),
        )
        .map((s) => (s.message as { text: string }).text);
    },
    /** The files the bot sent into a chat. */
    filesIn(chat: string): { fileName: string; bytes: Buffer }[] {
      return sent
        .filter((s) => s.target.chatId === chat && s.message.kind === "file")
        .map((s) => s.message as { fileName: string; bytes: Buffer });
    },
    lastIn(chat: string): string {
      const texts = this.textsIn(chat);
      return texts[texts.length - 1] ?? "";
    },
  };
}
