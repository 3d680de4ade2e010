import type { Bot } from "../../bot/create-bot.js";
import { createWecomPlatform } from "../../bot/platforms/wecom/wecom-platform.js";
import type { Db } from "../../storage/db.js";
import { createRepos } from "../../storage/repos.js";
import { startFakeWecom } from "../fakes/fake-wecom.js";
import { type CallbackSender, createCallbackSender } from "../fakes/fake-wecom-callback.js";
import { TEST_AIBOT as AIBOT } from "../fakes/wecom-test-apps.js";
import { type Chat, type FakeClock, type FaultDriver, newBot } from "../helpers/fault-run.js";
import { seedDistrict, silentLog } from "../helpers/test-bot.js";

const GROUPS: Record<Chat, string> = { A: "wrTownA", B: "wrTownB" };
const KEYS: Record<Chat, string> = { A: "robot-key-a", B: "robot-key-b" };
const SPEAKERS: Record<Chat, string> = { A: "zhangsan", B: "zhaoliu" };

/**
 * Two WeCom groups, each with the AI bot (callbacks over HTTP) and a group robot (webhook): a message's
 * first single-part reply goes through its one-shot response_url, everything else through the group's
 * robot. Faults on the robots, per group: 45009 (the robot's 20-a-minute limit) and -1 (busy) for
 * group A's robot; group B's robot unreachable (its requests never reach WeCom: the call times out after 5 s) —
 * a webhook has no duplicate check, so a lost answer WeCom had acted on would show twice, which no
 * client can prevent; an outage (connections closed) of the whole API; a kill and restart.
 */
export async function robotsDriver(db: Db, dir: string, clock: FakeClock): Promise<FaultDriver> {
  const fake = await startFakeWecom({
    corpId: "ww1",
    secret: "s",
    agentId: 1,
    robotKeys: Object.values(KEYS),
  });
  await seedDistrict(db, "wecom", { accounts: { 张三: SPEAKERS.A, 赵六: SPEAKERS.B }, group: null });
  // Both groups are the town's work groups (the director is allowed everywhere).
  const repos = createRepos(db);
  const town = (await repos.towns.list()).find((t) => t.name === "古荥镇")!;
  for (const chat of ["A", "B"] as const) {
    const row = await repos.chats.ensure("wecom", `aibot:${GROUPS[chat]}`, "group", `古荥镇群${chat}`);
    await repos.chats.bind(row.id, "town", town.id);
  }
  let bot: Bot | undefined;
  let sender: CallbackSender | undefined;
  let release: (() => void) | undefined;
  let msgId = 0;
  const start = async () => {
    bot = newBot(db, dir, clock);
    const platform = createWecomPlatform(
      {
        apiBase: fake.baseUrl,
        host: "127.0.0.1",
        port: 0,
        aibot: AIBOT,
        robots: { [`aibot:${GROUPS.A}`]: KEYS.A, [`aibot:${GROUPS.B}`]: KEYS.B },
      },
      // Unreachable requests are given up after 5 s. Not shorter: a webhook has no duplicate check, so a
      // loaded machine timing out a send WeCom did take would show it twice.
      { logger: silentLog, sleep: async () => {}, stopGraceMs: 100, now: () => Date.now(), timeoutMs: 5000 },
    );
    await bot.start([platform]);
    sender = createCallbackSender({
      url: `http://127.0.0.1:${platform.address()?.port}${AIBOT.path}`,
      token: AIBOT.token,
      encodingAesKey: AIBOT.aesKey,
      receiveId: "",
      timeoutMs: 3000,
    });
  };
  return {
    start,
    async say(chat, text) {
      const delivery = await sender!.postAibotJson({
        msgid: `robot-fault-${++msgId}`,
        aibotid: "AIBOT",
        chatid: GROUPS[chat],
        chattype: "group",
        from: { userid: SPEAKERS[chat] },
        response_url: fake.responseUrl(chat),
        msgtype: "text",
        text: { content: `@整治助手 ${text}` },
      });
      if (!delivery.acked) throw new Error("callback not acknowledged");
      await bot?.settle();
    },
    seen: (chat) =>
      fake
        .groupShown()
        .filter((m) => m.to === chat || m.to === KEYS[chat])
        .map((m) => m.content),
    async fault(fault) {
      if (fault === "limit") {
        // Group A's next reply: its response_url answers 45009 (so the robot takes it), and so does
        // its robot, three times (past the client's own short retries), then busy.
        fake.injectErrors("/cgi-bin/aibot/response?key=A", [45009]);
        fake.injectErrors(`/cgi-bin/webhook/send?key=${KEYS.A}`, [45009, 45009, 45009, -1, -1, -1]);
      } else if (fault === "lost sends") {
        const url = fake.loseAnswers("/cgi-bin/aibot/response", "unheard", { key: "B" });
        const robot = fake.loseAnswers("/cgi-bin/webhook/send", "unheard", { key: KEYS.B });
        release = () => {
          url();
          robot();
        };
      } else if (fault === "lost sends over") release?.();
      else if (fault === "outage") fake.setOutage("close");
      else if (fault === "outage over") fake.setOutage(null);
      else {
        await bot?.stop();
        await start();
      }
    },
    bot: () => bot!,
    async stop() {
      release?.();
      await bot?.stop();
      await fake.close();
    },
  };
}
