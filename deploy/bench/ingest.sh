#!/usr/bin/env bash
# Ingestion benchmark (issue 10): 50 wrk connections post batches of 1–20 usage events with real
# prospect tokens for 60 s while 10 logged-in sessions open the portal page; the portal alone
# first is the baseline, PostgreSQL COPY of as many rows (no app) the floor. Starts its own
# PostgreSQL and Keycloak (as the test suite does), prints the figures, and appends them with
# command, commit, machine and date to deploy/bench/RESULTS.md.
#
#   deploy/bench/ingest.sh                                   the full run (60 s)
#   BENCH_ARGS="-Dbench.seconds=20" deploy/bench/ingest.sh   a shorter one
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
if ! command -v wrk >/dev/null; then
  if [ "$(id -u)" = 0 ]; then apt-get install -y wrk >/dev/null || { apt-get update -qq && apt-get install -y wrk >/dev/null; }
  else echo "wrk is needed: apt-get install -y wrk" >&2; exit 1; fi
fi
OUT=$ROOT/target/bench-ingest.md
started=$(date -u +%Y-%m-%dT%H:%MZ)
rm -f "$OUT" # never report an earlier run's figures
# shellcheck disable=SC2086
./mvnw -B -Pbench verify -Dtest=IngestBenchmark -Dbench.out="$OUT" ${BENCH_ARGS:-} | grep -E '^\[bench\]|BUILD|ERROR' || true
[ -s "$OUT" ] || { echo "the benchmark produced no figures; see the Maven output above" >&2; exit 1; }
{
  echo
  echo "## Ingestion — $started"
  echo
  echo "Command: \`deploy/bench/ingest.sh\`${BENCH_ARGS:+ with \`BENCH_ARGS=\"$BENCH_ARGS\"\`}"
  echo "Commit: $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src pom.xml || echo ' (with uncommitted changes)')"
  echo "Machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB RAM, $(uname -sr), $(java -version 2>&1 | head -1)"
  echo
  cat "$OUT"
} >>"$ROOT/deploy/bench/RESULTS.md"
tail -1 "$OUT"
