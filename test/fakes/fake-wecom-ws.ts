import type { AddressInfo } from "node:net";
import { type WebSocket, WebSocketServer } from "ws";

/**
 * A fake of the AI bot long-connection server (protocol §5.2): `{cmd, headers:{req_id}, body}` frames,
 * acks `{headers:{req_id}, errcode, errmsg}`; aibot_subscribe checks BotID + Secret (one active
 * connection per bot: a new one kicks the old with disconnected_event), ping, aibot_send_msg
 * (only into conversations that messaged the bot first; ≤30 per minute each).
 */
export async function startFakeAibotWs(options: { botId: string; secret: string; now?: () => number }) {
  const now = options.now ?? Date.now;
  const server = new WebSocketServer({ port: 0, host: "127.0.0.1" });
  await new Promise<void>((resolve) => server.once("listening", () => resolve()));
  const received: Array<{ cmd: string; body?: Record<string, unknown> }> = [];
  const spoke = new Set<string>(); // conversations that messaged the bot
  const sends = new Map<string, number[]>();
  let active: WebSocket | undefined;
  let seq = 0;

  server.on("connection", (socket) => {
    socket.on("message", (raw) => {
      const frame = JSON.parse(raw.toString()) as {
        cmd: string;
        headers?: { req_id?: string };
        body?: Record<string, unknown>;
      };
      received.push({ cmd: frame.cmd, body: frame.body });
      const ack = (errcode = 0, errmsg = "ok") =>
        socket.send(JSON.stringify({ headers: { req_id: frame.headers?.req_id }, errcode, errmsg }));
      if (frame.cmd === "aibot_subscribe") {
        if (frame.body?.bot_id !== options.botId || frame.body?.secret !== options.secret) {
          return ack(40001, "invalid secret");
        }
        if (active && active !== socket) {
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
      if (frame.cmd === "aibot_send_msg") {
        const chatid = String(frame.body?.chatid ?? "");
        if (!spoke.has(chatid)) return ack(846607, "no conversation with this chat");
        const times = (sends.get(chatid) ?? []).filter((t) => t > now() - 60_000);
        if (times.length >= 30) return ack(45009, "api freq out of limit");
        times.push(now());
        sends.set(chatid, times);
        return ack();
      }
      return ack(40008, "unknown cmd");
    });
  });

  return {
    url: `ws://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    /** WeCom pushes a member's message (aibot_msg_callback) to the subscribed connection. */
    push(body: Record<string, unknown>) {
      const chat =
        body.chattype === "group" ? body.chatid : (body.from as { userid?: string } | undefined)?.userid;
      spoke.add(String(chat));
      active?.send(JSON.stringify({ cmd: "aibot_msg_callback", headers: { req_id: `cb${++seq}` }, body }));
    },
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
