#!/usr/bin/env bash
# Page benchmark (issues 11 and 26): 50 logged-in prospect sessions (real Keycloak logins of 10
# model houses, distinct people, real session cookies) load the portal dashboard, each portal view,
# the record list and a record's page; 50 staff sessions load the console's follow-up queue and a
# tenant page. Each page runs in a closed loop for 30 s after a 20 s warm-up, beside its floors in
# the same run: /q/health/live (the HTTP stack alone) and GET /trial (a public Qute page). Prints
# pages/s, p50/p95/p99, non-2xx, the fraction of each floor, CPU ms per page (app + PostgreSQL +
# Keycloak) and the session cookie's size, and appends them with command, commit, machine and
# date to deploy/bench/RESULTS.md. Starts its own PostgreSQL and Keycloak, as the suite does.
#
#   deploy/bench/pages.sh                                     the full run
#   BENCH_ARGS="-Dbench.seconds=10" deploy/bench/pages.sh     a shorter one
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
# shellcheck source=deploy/bench/lib.sh
source "$ROOT/deploy/bench/lib.sh"
run_bench PagesBenchmark "Portal pages" pages.sh
