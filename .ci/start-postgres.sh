#!/usr/bin/env bash
# Starts a throw-away PostgreSQL server on 127.0.0.1 for the tests and prints its URL.
# initdb refuses root, so the server runs as the postgres user in a temp dir, trust auth, loopback only.
set -euo pipefail
# A free loopback port unless one is given (another server may already hold the usual one).
PORT="${PGPORT_TEST:-$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')}"
BIN=""
for dir in /usr/lib/postgresql/*/bin; do [ -x "$dir/initdb" ] && BIN="$dir"; done
if [ -z "$BIN" ]; then
  echo "installing postgresql…" >&2
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql) >&2
  for dir in /usr/lib/postgresql/*/bin; do [ -x "$dir/initdb" ] && BIN="$dir"; done
fi
id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
DIR="$(mktemp -d /tmp/huanbao-pg.XXXXXX)"
chown postgres "$DIR"
runuser -u postgres -- "$BIN/initdb" -D "$DIR/data" --auth=trust -U postgres -E UTF8 --locale=C.UTF-8 >&2
runuser -u postgres -- "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/log" -w \
  -o "-p $PORT -k $DIR -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" start >&2
echo "postgres://postgres@127.0.0.1:$PORT/postgres"
echo "$DIR" > /tmp/huanbao-pg.dir
