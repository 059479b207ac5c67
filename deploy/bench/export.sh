#!/usr/bin/env bash
# Export benchmark (issue 13): a model house whose prospect made 100,000 records, exported as the
# streamed zip of GET /api/tenants/{id}/export?origin=prospect, in a JVM whose heap is capped at
# 384 MiB (app and client together), so that an export that held its rows in memory would fail.
# Prints the time, sizes and the heap's peak, and appends them to deploy/bench/RESULTS.md.
#
#   deploy/bench/export.sh                                        100,000 records
#   BENCH_ARGS="-Dbench.rows=20000" deploy/bench/export.sh        a shorter one
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
# shellcheck source=deploy/bench/lib.sh
source "$ROOT/deploy/bench/lib.sh"
BENCH_ARGS="-DargLine=-Xmx384m ${BENCH_ARGS:-}" run_bench ExportBenchmark "Export of a large model house" export.sh
