#!/usr/bin/env bash
# Typecheck, lint and format check side by side (each is one process on one core; on a
# busy two-core machine three at once finish well before one after another), then the
# status of each. npm test runs this beside the tests (scripts/test.sh).
set -uo pipefail
cd "$(dirname "$0")/.."

tsc -p tsconfig.json --noEmit &
typecheck=$!
eslint . &
lint=$!
prettier --check . --log-level warn &
format=$!

status=0
wait "$typecheck" || { echo "static checks: typecheck failed (npm run typecheck)"; status=1; }
wait "$lint" || { echo "static checks: lint failed (npm run lint)"; status=1; }
wait "$format" || { echo "static checks: files not formatted (npm run format)"; status=1; }
exit "$status"
