#!/usr/bin/env bash
# Starts a throw-away PostgreSQL server on 127.0.0.1 for the tests and prints its URL.
# initdb refuses root, so as root the server runs as the postgres user; as anyone else, as that user.
# A temp dir, trust auth, loopback only; its directory goes to $HUANBAO_PG_DIR_FILE (default
# /tmp/huanbao-pg.dir) so the caller can stop it (.ci/stop-postgres.sh).
set -euo pipefail
# A free loopback port unless one is given (another server may already hold the usual one).
PORT="${PGPORT_TEST:-$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')}"
BIN=""
for dir in /usr/lib/postgresql/*/bin; do [ -x "$dir/initdb" ] && BIN="$dir"; done
[ -z "$BIN" ] && command -v initdb >/dev/null 2>&1 && BIN="$(dirname "$(command -v initdb)")"
if [ -z "$BIN" ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "PostgreSQL is not installed: install it (e.g. sudo apt-get install postgresql) and run again" >&2
    exit 1
  fi
  echo "installing postgresql…" >&2
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql) >&2
  for dir in /usr/lib/postgresql/*/bin; do [ -x "$dir/initdb" ] && BIN="$dir"; done
fi
DIR="$(mktemp -d /tmp/huanbao-pg.XXXXXX)"
AS=()
if [ "$(id -u)" = 0 ]; then
  id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
  chown postgres "$DIR"
  AS=(runuser -u postgres --)
fi
"${AS[@]}" "$BIN/initdb" -D "$DIR/data" --auth=trust -U postgres -E UTF8 --locale=C.UTF-8 >&2
"${AS[@]}" "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/log" -w \
  -o "-p $PORT -k $DIR -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" start >&2
echo "postgres://postgres@127.0.0.1:$PORT/postgres"
echo "$DIR" > "${HUANBAO_PG_DIR_FILE:-/tmp/huanbao-pg.dir}"
