#!/usr/bin/env bash
# Follow-up benchmark (issue 12): 5,000 active model houses with 30 days of synthetic usage (made
# with SQL), then the signal job's full pass (≤ 10 s), the follow-up queue page under wrk (p95 ≤
# 100 ms), webhook deliveries to a local receiver (≥ 200/s), and the economic buyer's first login
# to the signed webhook and the task in the queue (p95 ≤ 5 s). Starts its own PostgreSQL and
# Keycloak (as the test suite does), prints the figures, and appends them with command, commit,
# machine and date to deploy/bench/RESULTS.md.
#
#   deploy/bench/followup.sh                                        the full run
#   BENCH_ARGS="-Dbench.fleet=500 -Dbench.seconds=5" deploy/bench/followup.sh   a shorter one
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
# shellcheck source=deploy/bench/lib.sh
source "$ROOT/deploy/bench/lib.sh"
run_bench FollowUpBenchmark "Follow-up at fleet scale" followup.sh
