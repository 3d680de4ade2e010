#!/usr/bin/env bash
# The production install, for real: compile, install without dev dependencies into a clean folder
# (as the Dockerfile's runtime stage does), start the compiled bot and see it answer in the console
# chat and on /healthz + /metrics. No compiler, no test tools, no font package may be there.
set -euo pipefail
cd "$(dirname "$0")/.."
npm run build >/dev/null
# PROD_SMOKE_DIR=/tmp/x keeps the folder and its install between runs (while working on this script).
if [ -n "${PROD_SMOKE_DIR:-}" ]; then DIR="$PROD_SMOKE_DIR"; mkdir -p "$DIR"; rm -rf "$DIR/data" "$DIR/in"
else DIR="$(mktemp -d /tmp/huanbao-prod.XXXXXX)"; trap 'rm -rf "$DIR"' EXIT; fi
cmp -s package-lock.json "$DIR/.installed-lock" || rm -rf "$DIR/node_modules"
rm -rf "$DIR/dist" && cp -r dist package.json package-lock.json "$DIR"/
mkdir -p "$DIR/app" && cp app/run-entry.mjs "$DIR/app/"
if [ ! -d "$DIR/node_modules" ]; then
  (cd "$DIR" && npm ci --omit=dev --no-audit --no-fund --loglevel=error >/dev/null)
  cp package-lock.json "$DIR/.installed-lock"
fi
for dev in typescript tsx esbuild vitest @biomejs/biome @expo-google-fonts/noto-sans-sc; do
  if [ -e "$DIR/node_modules/$dev" ]; then echo "prod-smoke: $dev is in the production install" >&2; exit 1; fi
done
echo "prod-smoke: node_modules $(du -sm "$DIR/node_modules" | cut -f1) MB without dev dependencies"
cd "$DIR"
# GET a URL, print the body; fail unless 200 (node's fetch: no curl needed on the machine).
fetch() { node -e 'fetch(process.argv[1]).then(async (r) => { process.stdout.write(await r.text()); process.exit(r.ok ? 0 : 1) }, () => process.exit(1))' "$1"; }
export DATA_DIR="$DIR/data" SQLITE_PATH="$DIR/data/huanbao.sqlite"

# The console chat, piped: one command, its answer, then end of input ends the bot.
OUT="$(printf '进度\n' | OPS_PORT=off node dist/main.js)"
grep -q "整治进度" <<<"$OUT" || { echo "prod-smoke: no answer to 进度:" >&2; echo "$OUT" >&2; exit 1; }

# The operator's commands run compiled too (no tsx here): a backup of what the run above stored.
BACKUP="$(npm run --silent backup -- -o "$DIR/backups")"
grep -q "备份完成" <<<"$BACKUP" || { echo "prod-smoke: npm run backup failed: $BACKUP" >&2; exit 1; }

# Kept running (stdin held open): /healthz 200, /metrics in the Prometheus text format.
PORT="$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')"
mkfifo "$DIR/in"
OPS_PORT="$PORT" node dist/main.js <"$DIR/in" >/dev/null &
BOT=$!
exec 3>"$DIR/in"
ok=""
for _ in $(seq 1 100); do
  if fetch "http://127.0.0.1:$PORT/healthz" >"$DIR/health.json" 2>/dev/null; then ok=1; break; fi
  sleep 0.1
done
[ -n "$ok" ] || { echo "prod-smoke: /healthz never answered 200" >&2; kill "$BOT"; exit 1; }
fetch "http://127.0.0.1:$PORT/metrics" >"$DIR/metrics.txt"
grep -q '^huanbao_platform_up{platform="console"} 1' "$DIR/metrics.txt" ||
  { echo "prod-smoke: /metrics lacks the console platform" >&2; kill "$BOT"; exit 1; }
exec 3>&- # end of input: the console chat quits and the bot shuts down
wait "$BOT"
echo "prod-smoke: compiled bot answered in the console, npm run backup wrote its archive, /healthz $(cat "$DIR/health.json" | head -c 60)…, /metrics ok"
