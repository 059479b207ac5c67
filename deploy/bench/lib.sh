# Shared by the benchmark scripts of this folder (sourced, not run): installs wrk when it is
# missing, runs one benchmark class of the Maven bench profile, and appends its figures with
# command, commit, machine and date to deploy/bench/RESULTS.md.
#
#   run_bench <test class> <section title> <script name>
run_bench() {
  local test=$1 title=$2 script=$3
  if ! command -v wrk >/dev/null; then
    if [ "$(id -u)" = 0 ]; then apt-get install -y wrk >/dev/null || { apt-get update -qq && apt-get install -y wrk >/dev/null; }
    else echo "wrk is needed: apt-get install -y wrk" >&2; exit 1; fi
  fi
  local out started
  out=$ROOT/target/bench-$test.md
  started=$(date -u +%Y-%m-%dT%H:%MZ)
  rm -f "$out" # never report an earlier run's figures
  # shellcheck disable=SC2086
  ./mvnw -B -Pbench verify -Dtest="$test" -Dbench.out="$out" ${BENCH_ARGS:-} | grep -E '^\[bench\]|BUILD|ERROR' || true
  [ -s "$out" ] || { echo "the benchmark produced no figures; see the Maven output above" >&2; exit 1; }
  {
    echo
    echo "## $title — $started"
    echo
    echo "Command: \`deploy/bench/$script\`${BENCH_ARGS:+ with \`BENCH_ARGS=\"$BENCH_ARGS\"\`}"
    echo "Commit: $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src pom.xml || echo ' (with uncommitted changes)')"
    echo "Machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB RAM, $(uname -sr), $(java -version 2>&1 | head -1)"
    echo
    cat "$out"
  } >>"$ROOT/deploy/bench/RESULTS.md"
  tail -1 "$out"
}
