#!/usr/bin/env bash
# npm test: the static checks (typecheck, lint, format) beside the whole vitest suite rather
# than before it — the suite spends much of its time waiting on the servers, engines and
# browsers it starts, and the checks fill that time. Fails when either fails.
set -uo pipefail
cd "$(dirname "$0")/.."

log=$(mktemp)
scripts/static-checks.sh >"$log" 2>&1 &
checks=$!
vitest run "$@"
tests=$?
wait "$checks"
static=$?
cat "$log"
rm -f "$log"
((static == 0)) || echo "npm test: the static checks failed (npm run check)"
exit $((tests != 0 || static != 0))
