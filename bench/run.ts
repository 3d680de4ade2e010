import { randomBytes } from "node:crypto";
import { startBenchBot } from "./bench-bot.js";
import { benchBulletin } from "./bulletin.js";
import { benchDistrictArchive } from "./district-archive.js";
import { benchDossierStall } from "./dossier-stall.js";
import { benchHostileInput } from "./hostile-input.js";
import { benchLedgerExport } from "./ledger-export.js";
import { benchImportStall } from "./ledger-import-stall.js";
import { benchPeriodQuestion } from "./period-question.js";
import { benchProdStart } from "./prod-start.js";
import { benchProgress } from "./progress-query.js";
import { benchQuestionReading } from "./question-reading.js";
import { benchReplyDelivery } from "./reply-delivery.js";
import { benchReports, reportText } from "./report-throughput.js";
import { ms } from "./stats.js";
import { benchTwoInstances } from "./two-instances.js";
import { benchWallChart } from "./wall-chart.js";
import { benchWecomCallback } from "./wecom-callback.js";
import { benchWeeklyBulletinQueue } from "./weekly-bulletin-queue.js";

/**
 * `npm run bench`: every benchmark, its figures and the ratio to a baseline measured in the same
 * run (the machine is shared and noisy: ratios travel, absolute numbers less so).
 * BENCH_ONLY=reports,progress,period,reading,wecom,ledger,import,dossier,bulletin,hostile,wallchart,archive,delivery,start,instances runs a subset
 * (instances: PostgreSQL at BENCH_DATABASE_URL or TEST_DATABASE_URL, skipped without one); BENCH_ARCHIVE sets the
 * number of enterprises in the 档案 全区 run (default 10,000; about ten minutes on a 2-core machine).
 */
const only = (process.env.BENCH_ONLY ?? "").split(",").filter(Boolean);
const wanted = (name: string) => only.length === 0 || only.includes(name);
const ok = (pass: boolean) => (pass ? "✓" : "✗");

async function main() {
  console.log("| benchmark | result | baseline (same run) | ratio | target |");
  console.log("|---|---|---|---|---|");
  const row = (cells: string[]) => console.log(`| ${cells.join(" | ")} |`);

  if (wanted("reports")) {
    const r = await benchReports(Number(process.env.BENCH_REPORTS ?? 10_000));
    row([
      `上报 end to end (parse, validate, store, reply sent), ${r.messages.toLocaleString("en")} messages from 16 chats`,
      `${r.perSecond.toFixed(0)} msg/s, p99 ${ms(r.p99Ms)}`,
      `bare better-sqlite3 insert, 1 row per transaction: ${r.baselinePerSecond.toFixed(0)}/s`,
      `${((r.perSecond / r.baselinePerSecond) * 100).toFixed(2)} % of bare insert rate`,
      `≥ 1,000 msg/s ${ok(r.perSecond >= 1000)}`,
    ]);
  }
  if (wanted("progress")) {
    for (const n of [10_000, 100_000]) {
      const p = await benchProgress(n);
      row([
        `进度 (district, and one town) at ${n.toLocaleString("en")} enterprises, end to end`,
        `p99 ${ms(p.p99Ms)} (p50 ${ms(p.p50Ms)})`,
        `select count(*) p99 ${ms(p.baselineP99Ms)}`,
        `${(p.p99Ms / p.baselineP99Ms).toFixed(1)}× count(*)`,
        `p99 < 50 ms ${ok(p.p99Ms < 50)}`,
      ]);
    }
  }
  if (wanted("reading")) {
    const q = benchQuestionReading();
    row([
      `a question in plain words read (${q.questions.toLocaleString("en")} corpus questions, ${q.hard} not read, or with a character the grammar lacks)`,
      `mean ${ms(q.meanMs)}, p99 ${ms(q.p99Ms)}; those p99 ${ms(q.hardP99Ms)}`,
      `normalizing the same text: mean ${ms(q.baselineMeanMs)}`,
      `${(q.meanMs / q.baselineMeanMs).toFixed(1)}× normalizing`,
      `p99 < 5 ms ${ok(q.p99Ms < 5 && q.hardP99Ms < 5)}`,
    ]);
  }
  if (wanted("period")) {
    const p = await benchPeriodQuestion(Number(process.env.BENCH_AUDIT_ROWS ?? 200_000));
    row([
      `本周拆了几家: the week's changes read from an audit log of ${p.rows.toLocaleString("en")} records (a year)`,
      `p99 ${ms(p.p99Ms)} through the index on (entity_type, at)`,
      `same file, index dropped: p99 ${ms(p.withoutIndexP99Ms)}`,
      `${(p.withoutIndexP99Ms / p.p99Ms).toFixed(1)}× faster with it`,
      `faster with the index ${ok(p.p99Ms < p.withoutIndexP99Ms)}`,
    ]);
  }
  if (wanted("wecom")) {
    const { bot, db } = await startBenchBot("wecom");
    const zhang = await db("persons").where({ name: "张三" }).first();
    await db("identities").insert({ person_id: zhang.id, platform: "wecom", external_id: "zhangsan" });
    const run = randomBytes(3).toString("hex");
    const r = await benchWecomCallback({
      onMessage: (m) => bot.pipeline.receive(m).then(() => undefined),
      count: 5000,
      ratePerSecond: 500,
      from: () => "zhangsan",
      text: (i) => reportText(i, run),
    });
    await bot.settle();
    await bot.stop();
    await db.destroy();
    row([
      "WeCom callback: encrypted 上报 texts over loopback HTTP at 500/s, 5,000 messages",
      `${r.messagesPerSecond.toFixed(0)} msg/s acknowledged, p99 ${ms(r.p99Ms)}, ${r.failures} failed`,
      `bare node:http answering 200: p99 ${ms(r.bareP99Ms)}`,
      `${r.ratio.toFixed(1)}× bare p99`,
      `p99 < 100 ms at 500/s ${ok(r.p99Ms < 100 && r.failures === 0)}`,
    ]);
  }
  if (wanted("ledger")) {
    const l = await benchLedgerExport();
    row([
      `附件1 ledger export, ${l.normal.rows.toLocaleString("en")} rows`,
      `${ms(l.normal.ms)} (CPU ${ms(l.normal.cpuMs)})`,
      "—",
      "—",
      `< 3 s ${ok(l.normal.ms < 3000)}`,
    ]);
    row([
      `附件1 ledger export, ${l.streaming.rows.toLocaleString("en")} rows, streaming writer`,
      `${ms(l.streaming.ms)}, peak RSS ${l.streaming.peakRssMb.toFixed(0)} MB, heap growth ${l.streaming.heapGrowthMb.toFixed(0)} MB`,
      "—",
      "—",
      "memory stays flat",
    ]);
  }
  if (wanted("archive")) {
    const a = await benchDistrictArchive(Number(process.env.BENCH_ARCHIVE ?? 10_000));
    const run = (r: typeof a.large) =>
      `${r.enterprises.toLocaleString("en")} dossiers, ${r.zipMb.toFixed(0)} MB zip: peak RSS ${r.peakRssMb.toFixed(0)} MB (+${r.growthMb.toFixed(0)} MB), ${ms(r.ms)} (CPU ${ms(r.cpuMs)})`;
    row([
      "档案 全区 (附件1 per town, 附件2, charts, every dossier; a 1600×1200 photo on every 50th) streamed to disk",
      run(a.large),
      run(a.small),
      `${a.growthRatio.toFixed(2)}× the RSS growth at a tenth of the enterprises`,
      `memory does not follow the count ${ok(a.growthRatio < 2)}`,
    ]);
  }
  if (wanted("bulletin")) {
    const b = await benchWeeklyBulletinQueue(200, 100_000);
    row([
      "周通报 for 200 towns over 100,000 enterprises: stats query, text, charts, queued in the outbox",
      `${ms(b.ms)} (${b.messages} messages, ${b.images} images)`,
      `select count(*) ${ms(b.baselineMs)}`,
      `${(b.ms / b.baselineMs).toFixed(0)}× count(*)`,
      `< 5 s ${ok(b.ms < 5000)}`,
    ]);
    const r = await benchBulletin();
    row([
      "周通报 render only (in-memory stats, 200 towns)",
      `${r.totalMs} ms (chart ${r.chartMs} ms, ${r.charts} pages)`,
      "—",
      "—",
      "—",
    ]);
  }
  if (wanted("delivery")) {
    for (const latencyMs of [25, 200]) {
      const d = await benchReplyDelivery({ latencyMs, messages: 1000, chats: 30, ratePerSecond: 100 });
      const enough =
        latencyMs === 25 ? d.repliesPerSecond >= 95 : d.repliesPerSecond >= 4 * d.oneAtATimePerSecond;
      row([
        `Replies delivered through pipeline, outbox and Telegram platform to a Bot API answering in ${latencyMs} ms; ${d.messages.toLocaleString("en")} messages in at 100/s from ${d.chats} chats`,
        `${d.repliesPerSecond.toFixed(0)} replies/s, last reply ${ms(d.lagAfterLastMs)} after the last message`,
        `one send at a time, same platform and fake: ${d.oneAtATimePerSecond.toFixed(1)}/s`,
        `${(d.repliesPerSecond / d.oneAtATimePerSecond).toFixed(1)}× one at a time`,
        latencyMs === 25 ? `keeps up with 100/s in ${ok(enough)}` : `≥ 4× one at a time ${ok(enough)}`,
      ]);
    }
  }
  if (wanted("import")) {
    for (const mode of ["new", "old"] as const) {
      const r = await benchImportStall(mode);
      const { quiet: q, importing: i } = r;
      row([
        `台账 import of ${r.rows.toLocaleString("en")} rows while another chat asks 进度, ${mode === "new" ? "file job: worker-thread parse, 25-row chunks" : "before issue 13: main-thread parse, one transaction"}`,
        `longest stall ${ms(i.maxStallMs)}; 进度 p99 ${ms(i.progressP99Ms)}, max ${ms(i.progressMaxMs)} (${i.queries} asked, ${r.created.toLocaleString("en")} stored in ${i.seconds.toFixed(1)} s)`,
        `no import: stall ${ms(q.maxStallMs)}; 进度 p99 ${ms(q.progressP99Ms)}, max ${ms(q.progressMaxMs)}`,
        `stall ${(i.maxStallMs / q.maxStallMs).toFixed(1)}×, 进度 p99 ${(i.progressP99Ms / q.progressP99Ms).toFixed(1)}×`,
        `stall < 200 ms ${ok(i.maxStallMs < 200)}`,
      ]);
    }
  }
  if (wanted("dossier")) {
    const d = await benchDossierStall(100);
    row([
      `档案 镇名: a town's ${d.enterprises} dossiers (a photo on every fifth) as one .zip, PDFs rendered in a worker thread`,
      `longest event-loop stall ${ms(d.maxStallMs)} (first build in the process: ${ms(d.coldMaxStallMs)}), ${(d.ms / 1000).toFixed(1)} s`,
      `nothing running, as long: ${ms(d.quietMaxStallMs)}`,
      `${(d.maxStallMs / d.quietMaxStallMs).toFixed(1)}× quiet`,
      `stall < 200 ms ${ok(d.maxStallMs < 200)}`,
    ]);
  }
  if (wanted("hostile")) {
    for (const f of await benchHostileInput()) {
      row([
        f.what,
        `peak RSS ${f.after.peakRssMb.toFixed(0)} MB, ${f.after.seconds.toFixed(1)} s (${f.after.outcome})`,
        `unbounded (before issue 13): ${f.before.peakRssMb.toFixed(0)} MB, ${f.before.seconds.toFixed(1)} s`,
        `${(f.before.peakRssMb / f.after.peakRssMb).toFixed(1)}× less memory`,
        `< 600 MB ${ok(f.after.peakRssMb < 600)}`,
      ]);
    }
  }
  if (wanted("wallchart")) {
    const d = await benchWallChart(8, 400);
    row([
      "挂图 (wall chart) for an 8-town district, 400 enterprises, as PNG",
      `${ms(d.ms)} (${d.pages} page of 1080 px)`,
      `resvg PNG of a white page the same size: ${ms(d.blankMs)}`,
      `${d.ratio.toFixed(1)}× blank page`,
      `< 1 s ${ok(d.ms < 1000)}`,
    ]);
    const w = await benchWallChart();
    row([
      `挂图 (wall chart) for the district, ${w.towns} towns / ${w.enterprises.toLocaleString("en")} enterprises, first page as PNG`,
      `${ms(w.firstMs)} (page 1 of ${w.pages}, 1080 px)`,
      `resvg PNG of one white page the same size: ${ms(w.blankMs / w.pages)}`,
      `${w.firstRatio.toFixed(1)}× blank page`,
      `< 1 s ${ok(w.firstMs < 1000)}`,
    ]);
    row([
      `挂图 (wall chart) for the district, ${w.towns} towns / ${w.enterprises.toLocaleString("en")} enterprises, every page as PNG`,
      `${ms(w.ms)} (${w.pages} pages of 1080 px)`,
      `resvg PNG of white pages the same size: ${ms(w.blankMs)}`,
      `${w.ratio.toFixed(1)}× blank pages`,
      "—",
    ]);
  }
  if (wanted("start")) {
    const s = await benchProdStart();
    const base = `node answering HTTP (node:http, nothing loaded): ready ${ms(s.baseline.readyMs)}, idle RSS ${s.baseline.rssMb.toFixed(0)} MB`;
    const start = (what: string, f: typeof s.compiled, target: string) =>
      row([
        `${what}, SQLite, console chat and web board: spawn → /healthz 200, then idle RSS 5 s later`,
        `ready ${ms(f.readyMs)}, RSS ${f.rssMb.toFixed(0)} MB (every process it started: ${f.treeRssMb.toFixed(0)} MB)`,
        base,
        `${(f.readyMs / s.baseline.readyMs).toFixed(1)}× the time, ${(f.rssMb / s.baseline.rssMb).toFixed(1)}× the memory`,
        target,
      ]);
    start(
      "Production start `node dist/main.js` (compiled)",
      s.compiled,
      `< 1 s ${ok(s.compiled.readyMs < 1000)}, < 150 MB ${ok(s.compiled.rssMb < 150)}`,
    );
    start("`npm run start:prod` (the same through npm)", s.compiledNpm, "—");
    start("Try-out start `npm start` (tsx)", s.tsx, "—");
  }
  const pgUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  if (wanted("instances") && pgUrl) {
    const r = await benchTwoInstances(pgUrl, Number(process.env.BENCH_INSTANCE_REPORTS ?? 2000));
    const share = (x: { failed: number }) => `${((x.failed / r.total) * 100).toFixed(2)} %`;
    row([
      `上报 end to end on PostgreSQL, ${r.total.toLocaleString("en")} messages from 16 chats, over two instances (own pools, one process)`,
      `${r.two.perSecond.toFixed(0)} msg/s, ${share(r.two)} failed, ${r.two.filed} filed`,
      `one instance: ${r.one.perSecond.toFixed(0)} msg/s, ${share(r.one)} failed, ${r.one.filed} filed`,
      `${(r.two.perSecond / r.one.perSecond).toFixed(2)}× one instance`,
      `0 % failed ${ok(r.one.failed === 0 && r.two.failed === 0)}`,
    ]);
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
