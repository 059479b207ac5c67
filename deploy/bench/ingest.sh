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
# shellcheck source=deploy/bench/lib.sh
source "$ROOT/deploy/bench/lib.sh"
run_bench IngestBenchmark "Ingestion" ingest.sh
