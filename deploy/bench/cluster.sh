#!/usr/bin/env bash
# Cluster benchmark (issue 14): starts deploy/local/cluster.sh (two Keycloak nodes, two app nodes,
# HAProxy in front of each pair) in a fresh home under target/, drives it through the balancers with
# builds, portal pages, usage events and refresh grants at once (plus webhook test deliveries): two
# app nodes, one app node, then two while app1 and then kc1 are killed with kill -9 and started
# again. Checks the invariants afterwards (no half-made tenant, accepted events stored once, job
# firings run once, webhooks delivered at least once), prints the figures and appends them with
# command, commit, machine and date to deploy/bench/RESULTS.md. Uses the balancer ports of
# cluster.sh (8080, 8180, 8404, 15432): stop run.sh first.
#
#   deploy/bench/cluster.sh                                   phases of 60 s
#   BENCH_ARGS="-Dbench.seconds=30" deploy/bench/cluster.sh   shorter phases
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
# shellcheck source=deploy/bench/lib.sh
source "$ROOT/deploy/bench/lib.sh"
# the nodes run the packaged app, which the bench profile's own build packages only after its tests
./mvnw -B -q package -DskipTests >/dev/null
run_bench ClusterBenchmark "Cluster: one and two nodes, failover" cluster.sh
