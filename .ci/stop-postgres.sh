#!/usr/bin/env bash
# Stops the server .ci/start-postgres.sh started (its directory is in $HUANBAO_PG_DIR_FILE) and
# removes its files.
set -uo pipefail
dir="$(cat "${HUANBAO_PG_DIR_FILE:-/tmp/huanbao-pg.dir}" 2>/dev/null || true)"
[ -n "$dir" ] && [ -f "$dir/data/postmaster.pid" ] && kill "$(head -1 "$dir/data/postmaster.pid")" 2>/dev/null
[ -n "$dir" ] && case "$dir" in /tmp/huanbao-pg.*) (sleep 2 && rm -rf "$dir") & ;; esac
exit 0
