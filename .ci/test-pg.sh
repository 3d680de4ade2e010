#!/usr/bin/env bash
# `npm run test:pg`: the whole suite on SQLite and on PostgreSQL. Starts a throw-away PostgreSQL
# (.ci/start-postgres.sh) unless TEST_DATABASE_URL names one, and stops it afterwards.
# Arguments go to vitest: npm run test:pg -- test/multi-instance.test.ts
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${TEST_DATABASE_URL:-}" ]; then
  HUANBAO_PG_DIR_FILE="$(mktemp /tmp/huanbao-pg-dir.XXXXXX)"
  export HUANBAO_PG_DIR_FILE
  trap 'bash .ci/stop-postgres.sh; rm -f "$HUANBAO_PG_DIR_FILE"' EXIT
  TEST_DATABASE_URL="$(bash .ci/start-postgres.sh)"
fi
export TEST_DATABASE_URL
npx vitest run "$@"
