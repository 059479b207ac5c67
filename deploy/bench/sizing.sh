#!/usr/bin/env bash
# Sizing figures (issue 14, src/site/markdown/scale-out.md): rows and bytes on disk one model house
# of each bundled template adds to the app's database and to Keycloak's, and the bytes of one usage
# event. Starts its own PostgreSQL and Keycloak (as the test suite does), prints the figures, and
# appends them with command, commit, machine and date to deploy/bench/RESULTS.md.
#
#   deploy/bench/sizing.sh                                   5 builds a template, 20,000 events
#   BENCH_ARGS="-Dbench.tenants=10" deploy/bench/sizing.sh   more builds
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
# shellcheck source=deploy/bench/lib.sh
source "$ROOT/deploy/bench/lib.sh"
run_bench SizingBenchmark "Sizing: a model house and a usage event on disk, the reconciler's user listing" sizing.sh
