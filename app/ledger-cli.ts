import "dotenv/config";
import { createWriteStream } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { basename, join } from "node:path";
import { parseArgs } from "node:util";
import { systemClock, today } from "../base/clock.js";
import { BotError } from "../base/errors.js";
import { findCaseNo } from "../domain/case-number.js";
import { createLedgerService } from "../reports/ledger/ledger-service.js";
import { importLedger1, LedgerFormatError } from "../reports/ledger/ledger1-import.js";
import { formatImportSummary } from "../reports/ledger/ledger1-import-summary.js";
import { openDb } from "../storage/db.js";
import { createPhotoStore } from "../storage/photo-store.js";
import { createRepos } from "../storage/repos.js";
import { loadConfig } from "./config.js";

const USAGE = `用法（npm run ledger -- …）：
  台账 <镇名> [月份] [-o 文件.xlsx]     导出附件1排查台账，如：台账 花园口镇 3月
  档案 <案件编号> [-o 文件.pdf]         导出一企一档，如：档案 HYK-0003
  档案 <镇名> [-o 文件.zip]             导出全镇一企一档（含台账）
  档案 全区 [-o 文件.zip]               导出全区整治档案（8月29日报告：各镇台账、督查跟踪台账、进度图、全部一企一档）
  检查 <台账.xlsx>                      只检查一份台账，不写入数据库
  导入 <台账.xlsx> --town <镇名>        把已有台账导入数据库（同一文件重复导入不会重复建档）
英文别名：ledger / dossier / check / import。数据库与 .env 同 npm start（DATABASE_URL、SQLITE_PATH、DATA_DIR）。`;

const VERBS: Record<string, string> = {
  台账: "ledger",
  ledger: "ledger",
  档案: "dossier",
  dossier: "dossier",
  检查: "check",
  check: "check",
  导入: "import",
  import: "import",
};

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      out: { type: "string", short: "o" },
      town: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  const verb = VERBS[positionals[0] ?? ""];
  if (!verb || values.help) {
    console.log(USAGE);
    return verb || values.help ? 0 : 2;
  }
  const config = loadConfig();
  const campaignYear = config.CAMPAIGN_YEAR ?? Number(today(systemClock).slice(0, 4));

  if (verb === "check") {
    const file = positionals[1];
    if (!file) throw new LedgerFormatError("请给出台账文件：检查 <台账.xlsx>");
    const parsed = await importLedger1(await readFile(file), { campaignYear });
    console.log(
      formatImportSummary({
        ...parsed,
        accepted: parsed.rows.length,
        reinterpreted: parsed.rows.flatMap((r) => r.reinterpreted.map((x) => ({ row: r.row, ...x }))),
      }),
    );
    return parsed.rejected.length > 0 ? 1 : 0;
  }

  const db = await openDb({ databaseUrl: config.DATABASE_URL, sqlitePath: config.SQLITE_PATH });
  try {
    const photos = createPhotoStore(join(config.DATA_DIR, "photos"));
    const service = createLedgerService({
      db,
      photos,
      clock: systemClock,
      campaignYear,
      proof: { maxDistanceMeters: config.PHOTO_MAX_DISTANCE_M },
    });
    const arg = positionals[1] ?? "";
    if (verb === "ledger") {
      const r = await service.townLedger(arg, positionals[2]);
      await writeFile(values.out ?? r.fileName, r.xlsx);
      console.log(`已导出 ${values.out ?? r.fileName}（${r.rows} 家企业，日期 ${r.date}）`);
    } else if (verb === "dossier") {
      if (arg === "全区") {
        // Straight to disk as it is made: thousands of dossiers never sit in memory together.
        const file = values.out ?? "全区档案.zip";
        const r = await service.districtArchive(createWriteStream(file));
        console.log(
          `已导出 ${file}（${r.towns} 个镇（办）台账、督查跟踪台账、进度图，${r.enterprises} 份一企一档）`,
        );
      } else if (findCaseNo(arg)) {
        const r = await service.dossier(arg);
        await writeFile(values.out ?? r.fileName, r.pdf);
        console.log(`已导出 ${values.out ?? r.fileName}`);
      } else {
        const r = await service.townDossiers(arg);
        await writeFile(values.out ?? r.fileName, r.zip);
        console.log(`已导出 ${values.out ?? r.fileName}（${r.count} 份一企一档）`);
      }
    } else {
      const town = values.town ? await createRepos(db).towns.byName(values.town) : undefined;
      if (!town)
        throw new LedgerFormatError("请用 --town 指明导入到哪个镇（办），如：导入 台账.xlsx --town 古荥镇");
      const result = await service.importTownLedger(await readFile(arg), {
        town,
        personId: null,
        fileName: basename(arg),
      });
      console.log(
        formatImportSummary({ ...result, accepted: result.created.length, created: result.created.length }),
      );
    }
    return 0;
  } finally {
    await db.destroy();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    console.error(error instanceof BotError || error instanceof LedgerFormatError ? error.message : error);
    process.exit(1);
  },
);
