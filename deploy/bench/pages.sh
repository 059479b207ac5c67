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
# shellcheck source=deploy/bench/lib.sh
source "$ROOT/deploy/bench/lib.sh"
run_bench PagesBenchmark "Portal pages" pages.sh
