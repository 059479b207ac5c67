#!/usr/bin/env bash
# Provisioning benchmark: cold provisioning per bundled template, the raw PostgreSQL floor in the
# same run, warm-pool assignment with 3 contacts, provisioning at fleet sizes 1 / 1,000 / 5,000,
# and purge throughput. Starts its own PostgreSQL and Keycloak (as the test suite does), prints
# the figures, and appends them with command, machine and date to deploy/bench/RESULTS.md.
#
#   deploy/bench/provision.sh                      full run (fleet 5,000; purge 500)
#   BENCH_ARGS="-Dbench.fleet=1000 -Dbench.purge=100" deploy/bench/provision.sh   a shorter one
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
OUT=$ROOT/target/bench-provision.md
CLAIMS=$ROOT/target/bench-claims.md
started=$(date -u +%Y-%m-%dT%H:%MZ)
rm -f "$OUT" "$CLAIMS" # never report an earlier run's figures
# shellcheck disable=SC2086
./mvnw -B -Pbench verify -Dbench.out="$OUT" -Dbench.claims.out="$CLAIMS" ${BENCH_ARGS:-} | grep -E '^\[bench\]|BUILD|ERROR' || true
[ -s "$OUT" ] || { echo "the benchmark produced no figures; see the Maven output above" >&2; exit 1; }
{
  echo
  echo "## Provisioning — $started"
  echo
  echo "Command: \`deploy/bench/provision.sh\`${BENCH_ARGS:+ with \`BENCH_ARGS=\"$BENCH_ARGS\"\`}"
  echo "Commit: $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src pom.xml || echo ' (with uncommitted changes)')"
  echo "Machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB RAM, $(uname -sr), $(java -version 2>&1 | head -1)"
  echo
  cat "$OUT"
  if [ -s "$CLAIMS" ]; then
    echo
    echo "Claims right after a pool size is set, while the refill is still building:"
    echo
    cat "$CLAIMS"
  fi
} >>"$ROOT/deploy/bench/RESULTS.md"
tail -1 "$OUT"
