#!/usr/bin/env node
// `npm run build`: the production build (docs/operations.md). esbuild bundles the bot's own modules and the
// libraries every start needs (knex, pino, zod, prom-client, hono, node-cron, …) into a few files, because
// node loading ~300 own modules and those libraries file by file was most of a start (docs/operations.md
// "Start"). Native modules and the libraries a start must not load (charts, spreadsheets, PDF, photos, the
// platforms' SDKs) stay outside the bundle and load from node_modules on first use, so
// `npm ci --omit=dev` still provides everything the bundle needs at run time.
//
// Layout: dist/lib/ holds the bundle (entry files, shared chunks, source maps, fonts, board assets: every
// bundled file sits in one folder, so a path made from import.meta.url finds the same neighbours as in the
// source: cjk-font.ts's "fonts", static-assets.ts's "assets"). dist/main.js and dist/app/<cli>.js are small
// starters that turn source maps on before the bundle loads (a stack trace names our .ts files and lines)
// and keep the paths `node dist/main.js`, app/run-entry.mjs and the Dockerfile use.
import { cpSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { build as esbuild } from "esbuild";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

/** The programs: a start of the bot and the operator's command-line tools. */
export const ENTRIES = ["main", "app/backup-cli", "app/restore-cli", "app/ledger-cli"];

/**
 * Worker threads' entries (base/worker-thread.ts starts them by name beside the code that asks:
 * dist/lib/<name>.js in the bundle). No starter: the thread's own source maps follow the process's.
 */
export const WORKERS = ["reports/ledger/ledger-parse-worker", "reports/dossier/dossier-pdf-worker"];

/**
 * Loaded from node_modules, not bundled: native modules, the heavy libraries only some commands or
 * platforms use (imported lazily in the source; a console start loads none of them), pg (PostgreSQL
 * only), and the drivers knex names for databases the bot does not use.
 */
export const EXTERNAL = [
  "better-sqlite3",
  "sharp",
  "@resvg/resvg-js",
  "echarts",
  "exceljs",
  "pdfkit",
  "fontkit",
  "exifr",
  "pinyin-pro",
  "telegraf",
  "@wecom/aibot-node-sdk",
  "wechaty",
  "file-box",
  "pg",
  "pg-native",
  "pg-query-stream",
  "sqlite3",
  "mysql",
  "mysql2",
  "mariadb",
  "oracledb",
  "tedious",
];

/** Builds into `outDir` (default dist/); returns esbuild's metafile (what each output holds and imports). */
export async function build(outDir = join(root, "dist")) {
  const lib = join(outDir, "lib");
  rmSync(outDir, { recursive: true, force: true });
  const result = await esbuild({
    absWorkingDir: root,
    entryPoints: Object.fromEntries([...ENTRIES, ...WORKERS].map((e) => [e.split("/").at(-1), `${e}.ts`])),
    outdir: lib,
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20",
    external: EXTERNAL.flatMap((p) => [p, `${p}/*`]),
    // Bundled CommonJS (knex, pino, …) calls require() for node's modules and the externals above.
    banner: {
      js: 'import { createRequire as __huanbaoRequire } from "node:module";\nconst require = __huanbaoRequire(import.meta.url);',
    },
    sourcemap: "linked",
    // The map only has to name files and lines; without the sources' text it is a third of the size.
    sourcesContent: false,
    chunkNames: "chunk-[hash]",
    metafile: true,
    logLevel: "warning",
  });
  // The files the source finds beside itself (see the layout note above).
  cpSync(join(root, "reports/chart/fonts"), join(lib, "fonts"), {
    recursive: true,
    filter: (f) => !f.endsWith(".mjs"),
  });
  cpSync(join(root, "board/assets"), join(lib, "assets"), { recursive: true });
  for (const entry of ENTRIES) {
    const starter = join(outDir, `${entry}.js`);
    mkdirSync(dirname(starter), { recursive: true });
    const target = relative(dirname(starter), join(lib, `${entry.split("/").at(-1)}.js`));
    const specifier = target.startsWith(".") ? target : `./${target}`;
    writeFileSync(
      starter,
      `// Made by app/build.mjs. Source maps on before the bundle loads: stack traces name the .ts files.\nprocess.setSourceMapsEnabled(true);\nawait import("${specifier}");\n`,
    );
  }
  return result.metafile;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await build(process.argv[2]);
}
