#!/usr/bin/env bash
# Self-service benchmark (issue 13): from the click on the verification link to the prospect's
# browser (headless Chromium, no cookies) showing their own company in the model house, with a warm
# pool (target p95 ≤ 2 s); and the server's part alone. Starts its own PostgreSQL and Keycloak (as
# the test suite does), fills the logistics pool, prints the figures, and appends them with command,
# commit, machine and date to deploy/bench/RESULTS.md. Needs chromium and chromium-driver.
#
#   deploy/bench/signup.sh                                   the full run (30 sign-ups)
#   BENCH_ARGS="-Dbench.signups=10" deploy/bench/signup.sh   a shorter one
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
# shellcheck source=deploy/bench/lib.sh
source "$ROOT/deploy/bench/lib.sh"
run_bench SignupBenchmark "Self-service sign-up to the model house" signup.sh
