import { createHash } from "node:crypto";
import type { AddressInfo } from "node:net";
import { type WebSocket, WebSocketServer } from "ws";

/**
 * A fake of the AI bot long-connection server (protocol §5.2): `{cmd, headers:{req_id}, body}` frames,
 * acks `{headers:{req_id}, errcode, errmsg}`; aibot_subscribe checks BotID + Secret (one active
 * connection per bot: a new one kicks the old with disconnected_event), ping, aibot_send_msg
 * (only into conversations that messaged the bot first; ≤30 per minute each), and temporary media
 * uploads (init → chunks of ≤512 KB, 0-based, ≤100 → finish checked against size and md5 → media_id,
 * which aibot_send_msg must then name with the same type), and the welcome reply to an enter_chat
 * event (aibot_respond_welcome_msg with that event's req_id, once, within 5 s, text only), and the
 * reply to a message (aibot_respond_msg with that callback's req_id, within 24 h; a stream shows as
 * one message whose content each frame with the same stream id replaces).
 *
 * Faults, as WeCom and the network produce them: aibot_subscribe answering -1 (busy), acks
 * answering an errcode (45009, -1), acks held back past the client's 5 s timeout and sent late.
 */
export async function startFakeAibotWs(options: { botId: string; secret: string; now?: () => number }) {
  const now = options.now ?? Date.now;
  const server = new WebSocketServer({ port: 0, host: "127.0.0.1" });
  await new Promise<void>((resolve) => server.once("listening", () => resolve()));
  const received: Array<{ cmd: string; body?: Record<string, unknown>; reqId?: string }> = [];
  /** Callback req_ids → the conversation and when they were sent (replies must follow within 24 h). */
  const callbacks = new Map<string, { chat: string; at: number }>();
  /** What members saw, in order: pushes, and replies (one per stream id, its latest content). */
  const shown: { chatid: string; via: "send" | "respond"; msgtype: string; content: string; key?: string }[] =
    [];
  const failures = new Map<string, number[]>();
  /** cmd → the conversation whose acks are held ("*": every one). */
  const held = new Map<string, string>();
  /** cmd → the conversation whose frames are lost before WeCom sees them ("*": every one). */
  const swallowed = new Map<string, string>();
  const heldAcks: (() => void)[] = [];
  let busySubscribes = 0;
  let subscribes = 0;
  let kicks = 0;
  const spoke = new Set<string>(); // conversations that messaged the bot
  const sends = new Map<string, number[]>();
  let active: WebSocket | undefined;
  let seq = 0;
  type Upload = { type: string; filename: string; size: number; md5: string; chunks: (Buffer | undefined)[] };
  const uploads = new Map<string, Upload>();
  const media = new Map<string, { type: string; filename: string; bytes: Buffer }>();
  const enterEvents = new Map<string, { userid: string; at: number }>();
  /** Welcome texts accepted, in order. */
  const welcomed: { userid: string; content: string }[] = [];
  /** What aibot_send_msg delivered by media_id, in order. */
  const mediaSent: { chatid: string; type: string; filename: string; bytes: Buffer }[] = [];

  /** ≤30 messages a minute per conversation, replies and pushes together (protocol §5.2). */
  function countSend(chat: string): boolean {
    const times = (sends.get(chat) ?? []).filter((t) => t > now() - 60_000);
    if (times.length >= 30) return false;
    times.push(now());
    sends.set(chat, times);
    return true;
  }

  server.on("connection", (socket) => {
    socket.on("message", (raw) => {
      const frame = JSON.parse(raw.toString()) as {
        cmd: string;
        headers?: { req_id?: string };
        body?: Record<string, unknown>;
      };
      received.push({ cmd: frame.cmd, body: frame.body, reqId: frame.headers?.req_id });
      const reply = (errcode = 0, errmsg = "ok", body?: Record<string, unknown>) =>
        socket.send(
          JSON.stringify({
            headers: { req_id: frame.headers?.req_id },
            errcode,
            errmsg,
            ...(body ? { body } : {}),
          }),
        );
      const chatOf = () =>
        callbacks.get(String(frame.headers?.req_id))?.chat ?? String(frame.body?.chatid ?? "");
      // A held ack is what a slow WeCom looks like: the command is carried out, its ack comes late.
      const ack: typeof reply = (...args) => {
        const hold = held.get(frame.cmd);
        const chat = callbacks.get(String(frame.headers?.req_id))?.chat ?? String(frame.body?.chatid ?? "");
        if (hold === undefined || args[0] || (hold !== "*" && hold !== chat)) return reply(...args);
        heldAcks.push(() => reply(...args));
      };
      // A frame lost on the way (a network that swallows it): never carried out, never acked.
      const lost = swallowed.get(frame.cmd);
      if (lost !== undefined && (lost === "*" || lost === chatOf())) return;
      const forced = failures.get(`${frame.cmd}\n${chatOf()}`)?.shift() ?? failures.get(frame.cmd)?.shift();
      if (forced) return reply(forced, forced === -1 ? "system busy" : "api freq out of limit");
      const b = frame.body ?? {};
      if (frame.cmd === "aibot_subscribe") {
        subscribes++;
        if (frame.body?.bot_id !== options.botId || frame.body?.secret !== options.secret) {
          return ack(40001, "invalid secret");
        }
        if (busySubscribes > 0) {
          busySubscribes--;
          return ack(-1, "system busy");
        }
        if (active && active !== socket) {
          kicks++;
          active.send(
            JSON.stringify({
              cmd: "aibot_event_callback",
              headers: { req_id: `e${++seq}` },
              body: { msgtype: "event", event: { eventtype: "disconnected_event" } },
            }),
          );
          active.close();
        }
        active = socket;
        return ack();
      }
      if (socket !== active) return ack(846609, "not subscribed");
      if (frame.cmd === "ping") return ack();
      if (frame.cmd === "aibot_respond_welcome_msg") {
        const event = enterEvents.get(String(frame.headers?.req_id));
        if (!event || now() - event.at > 5000) return ack(846605, "invalid req_id");
        const content = (b.text as { content?: string } | undefined)?.content;
        if (b.msgtype !== "text" || !content) return ack(40008, "welcome must be text");
        enterEvents.delete(String(frame.headers?.req_id));
        welcomed.push({ userid: event.userid, content });
        return ack();
      }
      if (frame.cmd === "aibot_respond_msg") {
        const callback = callbacks.get(String(frame.headers?.req_id));
        if (!callback || now() - callback.at > 24 * 3600_000) return ack(846605, "invalid req_id");
        if (!countSend(callback.chat)) return ack(45009, "api freq out of limit");
        if (b.msgtype === "stream") {
          const stream = (b.stream ?? {}) as { id?: string; content?: string };
          if (!stream.id) return ack(40058, "stream.id missing");
          const key = `${frame.headers?.req_id}/${stream.id}`;
          const before = shown.find((m) => m.key === key);
          if (before) before.content = String(stream.content ?? "");
          else
            shown.push({
              chatid: callback.chat,
              via: "respond",
              msgtype: "stream",
              content: String(stream.content ?? ""),
              key,
            });
          return ack();
        }
        return ack(40008, "invalid msgtype");
      }
      if (frame.cmd === "aibot_upload_media_init") {
        const chunks = Number(b.total_chunks);
        if (!["image", "file", "voice", "video"].includes(String(b.type)))
          return ack(40004, "invalid media type");
        if (!(chunks >= 1 && chunks <= 100) || !(Number(b.total_size) > 0)) return ack(40009, "invalid size");
        const uploadId = `up${++seq}`;
        uploads.set(uploadId, {
          type: String(b.type),
          filename: String(b.filename ?? ""),
          size: Number(b.total_size),
          md5: String(b.md5 ?? ""),
          chunks: Array(chunks).fill(undefined),
        });
        return ack(0, "ok", { upload_id: uploadId });
      }
      if (frame.cmd === "aibot_upload_media_chunk") {
        const upload = uploads.get(String(b.upload_id));
        if (!upload) return ack(40007, "invalid upload_id");
        const index = Number(b.chunk_index);
        const bytes = Buffer.from(String(b.base64_data ?? ""), "base64");
        if (!(index >= 0 && index < upload.chunks.length)) return ack(40009, "invalid chunk_index");
        if (bytes.length === 0 || bytes.length > 512 * 1024) return ack(40009, "invalid chunk size");
        upload.chunks[index] = bytes;
        return ack();
      }
      if (frame.cmd === "aibot_upload_media_finish") {
        const upload = uploads.get(String(b.upload_id));
        if (!upload) return ack(40007, "invalid upload_id");
        if (upload.chunks.some((c) => !c)) return ack(40009, "missing chunks");
        const bytes = Buffer.concat(upload.chunks as Buffer[]);
        if (bytes.length !== upload.size || createHash("md5").update(bytes).digest("hex") !== upload.md5) {
          return ack(40009, "size or md5 mismatch");
        }
        uploads.delete(String(b.upload_id));
        const mediaId = `media${++seq}`;
        media.set(mediaId, { type: upload.type, filename: upload.filename, bytes });
        return ack(0, "ok", {
          type: upload.type,
          media_id: mediaId,
          created_at: String(Math.floor(now() / 1000)),
        });
      }
      if (frame.cmd === "aibot_send_msg") {
        const chatid = String(frame.body?.chatid ?? "");
        if (!spoke.has(chatid)) return ack(846607, "no conversation with this chat");
        const msgtype = String(b.msgtype);
        let sentMedia: { type: string; filename: string; bytes: Buffer } | undefined;
        if (msgtype !== "markdown" && msgtype !== "template_card") {
          const mediaId = (b[msgtype] as { media_id?: string } | undefined)?.media_id;
          sentMedia = mediaId ? media.get(mediaId) : undefined;
          if (sentMedia?.type !== msgtype) return ack(40007, "invalid media_id");
        }
        if (!countSend(chatid)) return ack(45009, "api freq out of limit");
        if (sentMedia) mediaSent.push({ chatid, ...sentMedia });
        shown.push({
          chatid,
          via: "send",
          msgtype,
          content: msgtype === "markdown" ? String((b.markdown as { content?: string }).content) : msgtype,
        });
        return ack();
      }
      return ack(40008, "unknown cmd");
    });
  });

  return {
    url: `ws://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    mediaSent,
    /** WeCom pushes a member's message (aibot_msg_callback) to the subscribed connection. */
    push(body: Record<string, unknown>) {
      const chat =
        body.chattype === "group" ? body.chatid : (body.from as { userid?: string } | undefined)?.userid;
      spoke.add(String(chat));
      const reqId = `aibot_msg_callback_${++seq}`;
      callbacks.set(reqId, { chat: String(chat), at: now() });
      active?.send(JSON.stringify({ cmd: "aibot_msg_callback", headers: { req_id: reqId }, body }));
      return reqId;
    },
    /** What members saw: pushes, and each reply stream once with its final content. */
    shown: () => shown.map(({ key: _key, ...m }) => m),
    /** The next `n` aibot_subscribe frames are answered -1 (system busy). */
    busySubscribes(n: number) {
      busySubscribes = n;
    },
    /** The next frames of `cmd` (in one conversation, if given) are answered with these errcodes, one each. */
    failNext(cmd: string, codes: number[], chat?: string) {
      const key = chat === undefined ? cmd : `${cmd}\n${chat}`;
      failures.set(key, [...(failures.get(key) ?? []), ...codes]);
    },
    /** Acks to `cmd` (in one conversation, if given) are held back (the command is carried out) until releaseAcks(). */
    holdAcks(cmd: string, chat = "*") {
      held.set(cmd, chat);
    },
    /** Frames of `cmd` (in one conversation, if given) are lost before WeCom sees them, until releaseAcks(). */
    swallow(cmd: string, chat = "*") {
      swallowed.set(cmd, chat);
    },
    releaseAcks() {
      held.clear();
      swallowed.clear();
      for (const send of heldAcks.splice(0)) send();
    },
    get subscribes() {
      return subscribes;
    },
    /** disconnected_event frames sent: a connection kicked by a newer one. */
    get kicks() {
      return kicks;
    },
    /** A member opens the bot's single chat (first time that day): aibot_event_callback enter_chat. */
    enterChat(userid: string, msgid = `ev${seq + 1}`) {
      const reqId = `ev${++seq}`;
      enterEvents.set(reqId, { userid, at: now() });
      const body = {
        msgid,
        create_time: Math.floor(now() / 1000),
        aibotid: options.botId,
        chattype: "single",
        from: { userid },
        msgtype: "event",
        event: { eventtype: "enter_chat" },
      };
      active?.send(JSON.stringify({ cmd: "aibot_event_callback", headers: { req_id: reqId }, body }));
    },
    welcomed,
    /**
     * A text frame exactly as given, to the subscribed connection: WeCom sends only the frames above,
     * so this stands for a broken or hostile peer (`null`, `[]`, not JSON) in robustness tests.
     */
    pushRaw: (text: string) => active?.send(text),
    /** Drops the connection, as a network failure would. */
    drop: () => active?.terminate(),
    get connected() {
      return active !== undefined && active.readyState === active.OPEN;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const c of server.clients) c.terminate();
        server.close(() => resolve());
      }),
  };
}
