import { benchProgress } from "./progress-query.js";
import { benchReports } from "./report-throughput.js";
import { ms } from "./stats.js";

/**
 * `npm run bench`: every benchmark, its figures and the ratio to a baseline measured in the same
 * run (the machine is shared and noisy: ratios travel, absolute numbers less so).
 */
async function main() {
  const lines: string[] = [
    "| benchmark | result | baseline (same run) | ratio | target |",
    "|---|---|---|---|---|",
  ];
  const print = (l: string) => {
    lines.push(l);
    console.log(l);
  };
  console.log(lines.join("\n"));

  const r = await benchReports(Number(process.env.BENCH_REPORTS ?? 10_000));
  print(
    `| 上报 end to end, ${r.messages} messages | ${r.perSecond.toFixed(0)} msg/s, p99 ${ms(r.p99Ms)} | bare SQLite insert ${r.baselinePerSecond.toFixed(0)}/s | ${(r.perSecond / r.baselinePerSecond).toFixed(3)} of bare insert | ≥ 1,000 msg/s ${r.perSecond >= 1000 ? "✓" : "✗"} |`,
  );
  for (const n of [10_000, 100_000]) {
    const p = await benchProgress(n);
    print(
      `| 进度 at ${n.toLocaleString("en")} enterprises | p99 ${ms(p.p99Ms)} (p50 ${ms(p.p50Ms)}) | count(*) p99 ${ms(p.baselineP99Ms)} | ${(p.p99Ms / p.baselineP99Ms).toFixed(1)}× count(*) | p99 < 50 ms ${p.p99Ms < 50 ? "✓" : "✗"} |`,
    );
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
