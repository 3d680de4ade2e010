#!/usr/bin/env node
// Runs one of the bot's command-line entry points (`npm run backup`, `restore`, `ledger`): the compiled
// dist/<entry>.js with node in production — NODE_ENV=production, or no tsx installed (`npm ci
// --omit=dev`) — else <entry>.ts from the source through tsx, as `npm start` does. One script name works
// on a developer's clone and on a production server alike.
//   node app/run-entry.mjs app/backup-cli [args…]
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const [entry, ...args] = process.argv.slice(2);
if (!entry) {
  console.error("usage: node app/run-entry.mjs <entry without extension> [args…]");
  process.exit(2);
}
let tsx;
try {
  tsx = createRequire(import.meta.url).resolve("tsx/cli");
} catch {
  tsx = undefined;
}
const compiled = join(root, "dist", `${entry}.js`);
const command = process.env.NODE_ENV === "production" || !tsx ? [compiled] : [tsx, join(root, `${entry}.ts`)];
if (command.length === 1 && !existsSync(compiled)) {
  console.error(`${compiled} 不存在：请先运行 npm run build（生产环境）或 npm ci（开发环境，含 tsx）`);
  process.exit(2);
}
const run = spawnSync(process.execPath, [...command, ...args], { stdio: "inherit" });
process.exit(run.status ?? 1);
