#!/usr/bin/env bash
# Portal page benchmark (issue 11): 50 logged-in prospect sessions (real Keycloak logins, real
# session cookies) of 10 model houses load the dashboard, a record list and a record's page, each
# in a closed loop for 30 s after a 20 s warm-up; target p95 ≤ 100 ms. Starts its own PostgreSQL and
# Keycloak (as the test suite does), prints the figures, and appends them with command, commit,
# machine and date to deploy/bench/RESULTS.md.
#
#   deploy/bench/pages.sh                                     the full run
#   BENCH_ARGS="-Dbench.seconds=10" deploy/bench/pages.sh     a shorter one
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
if ! command -v wrk >/dev/null; then
  if [ "$(id -u)" = 0 ]; then apt-get install -y wrk >/dev/null || { apt-get update -qq && apt-get install -y wrk >/dev/null; }
  else echo "wrk is needed: apt-get install -y wrk" >&2; exit 1; fi
fi
OUT=$ROOT/target/bench-pages.md
started=$(date -u +%Y-%m-%dT%H:%MZ)
rm -f "$OUT" # never report an earlier run's figures
# shellcheck disable=SC2086
./mvnw -B -Pbench verify -Dtest=PagesBenchmark -Dbench.out="$OUT" ${BENCH_ARGS:-} | grep -E '^\[bench\]|BUILD|ERROR' || true
[ -s "$OUT" ] || { echo "the benchmark produced no figures; see the Maven output above" >&2; exit 1; }
{
  echo
  echo "## Portal pages — $started"
  echo
  echo "Command: \`deploy/bench/pages.sh\`${BENCH_ARGS:+ with \`BENCH_ARGS=\"$BENCH_ARGS\"\`}"
  echo "Commit: $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src pom.xml || echo ' (with uncommitted changes)')"
  echo "Machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB RAM, $(uname -sr), $(java -version 2>&1 | head -1)"
  echo
  cat "$OUT"
} >>"$ROOT/deploy/bench/RESULTS.md"
