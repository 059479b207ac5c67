#!/usr/bin/env bash
# Modelhouse as a cluster on this machine: PostgreSQL, two Keycloak nodes clustered with Keycloak's
# own Infinispan (peers found through the shared database, jdbc-ping), two app nodes (clustered
# Quartz on the same database) and HAProxy (Debian's haproxy) in front of each pair, health-checked
# on /q/health/ready and on the realm's endpoint. Prints "READY <app balancer>" and the URLs;
# Ctrl-C stops all. Needs what run.sh needs, and haproxy (installed with apt-get when run as root).
#
#   deploy/local/cluster.sh              start all, print READY, run until Ctrl-C
#   deploy/local/cluster.sh kill NODE    kill -9 one node of the running cluster: app1 app2 kc1 kc2
#   deploy/local/cluster.sh start NODE   start it again; returns when it answers behind the balancer
#   deploy/local/cluster.sh stop NODE    stop it gracefully
#   deploy/local/cluster.sh status       each node, and what HAProxy sees of it
#
# Environment (the balancers take run.sh's ports; the nodes sit next to them):
#   MODELHOUSE_HTTP_PORT      the app balancer (8080); app nodes on +11 and +12 (8091, 8092)
#   MODELHOUSE_KEYCLOAK_PORT  the Keycloak balancer (8180); nodes on +11 and +12 (8191, 8192),
#                             their JGroups ports 7800 and 7801
#   MODELHOUSE_DB_PORT        PostgreSQL (15432)
#   MODELHOUSE_HAPROXY_STATS_PORT  HAProxy's statistics page (8404)
#   MODELHOUSE_HOME           state (~/.local/share/modelhouse-cluster: not run.sh's)
#   MODELHOUSE_CACHE          downloads (~/.local/share/modelhouse/cache: shared with run.sh)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
export MODELHOUSE_HOME=${MODELHOUSE_HOME:-$HOME/.local/share/modelhouse-cluster}
export MODELHOUSE_CACHE=${MODELHOUSE_CACHE:-$HOME/.local/share/modelhouse/cache}
export MODELHOUSE_DB_PORT=${MODELHOUSE_DB_PORT:-15432}
APP_LB=${MODELHOUSE_HTTP_PORT:-8080}
KC_LB=${MODELHOUSE_KEYCLOAK_PORT:-8180}
STATS=${MODELHOUSE_HAPROXY_STATS_PORT:-8404}
RUN=$MODELHOUSE_HOME/run
mkdir -p "$RUN"
cd "$ROOT"

log() { printf '[cluster] %s\n' "$*" >&2 || true; } # never fail on a closed terminal
# shellcheck source=deploy/local/app.sh
source "$ROOT/deploy/local/app.sh"

node_port() { # node name → its HTTP port
  case "$1" in
    app1) echo $((APP_LB + 11)) ;; app2) echo $((APP_LB + 12)) ;;
    kc1) echo $((KC_LB + 11)) ;; kc2) echo $((KC_LB + 12)) ;;
    *) log "no node $1: app1 app2 kc1 kc2"; exit 2 ;;
  esac
}

# stack.sh for one Keycloak node: its port, management port and JGroups port; the realm allows the
# app balancer as a login redirect.
kc_stack() { # node, stack.sh command
  local n=${1#kc}
  MODELHOUSE_KEYCLOAK_NODE=$1 MODELHOUSE_KEYCLOAK_PORT=$(node_port "$1") \
    MODELHOUSE_KEYCLOAK_MGMT_PORT=$((KC_LB + 830 + n)) MODELHOUSE_KEYCLOAK_CLUSTER_PORT=$((7799 + n)) \
    MODELHOUSE_HTTP_PORT=$APP_LB "$ROOT/deploy/local/stack.sh" "$2"
}

app_running() { [ -f "$RUN/$1.pid" ] && kill -0 "$(cat "$RUN/$1.pid")" 2>/dev/null; }

start_app() { # node
  local port pid; port=$(node_port "$1")
  if app_running "$1"; then log "$1 already running on $port"; return; fi
  need_free_port "$port" "MODELHOUSE_HTTP_PORT (its node $1 is on +1${1#app})"
  log "starting $1 on 127.0.0.1:$port (log: $RUN/$1.log)"
  # Its own session (setsid): a Ctrl-C reaches this script, which stops the nodes in order. Links
  # in mails and the login's redirect name the balancer, never the node; X-Forwarded-For comes from
  # HAProxy only.
  QUARKUS_PROFILE=${QUARKUS_PROFILE:-dev} MODELHOUSE_KEYCLOAK_PORT=$KC_LB setsid java \
    ${MODELHOUSE_JAVA_OPTS:--Xmx512m} -Dquarkus.http.port="$port" -Dmodelhouse.instance="$1" \
    -Dmodelhouse.public-url="http://127.0.0.1:$APP_LB" \
    -Dquarkus.http.proxy.proxy-address-forwarding=true -Dquarkus.http.proxy.allow-x-forwarded=true \
    -Dquarkus.http.proxy.trusted-proxies=127.0.0.1 \
    -jar "$JAR" >>"$RUN/$1.log" 2>&1 &
  pid=$!
  echo "$pid" >"$RUN/$1.pid"
  await_app "$pid" "$port" "$RUN/$1.log"
}

stop_app() { # node, [signal]
  app_running "$1" || { rm -f "$RUN/$1.pid"; return 0; }
  local pid; pid=$(cat "$RUN/$1.pid")
  log "stopping $1 (SIG${2:-TERM})"
  kill "-${2:-TERM}" "$pid" 2>/dev/null || true
  for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
  kill -KILL "$pid" 2>/dev/null || true
  rm -f "$RUN/$1.pid"
}

# What HAProxy's health checks say of a node: UP, DOWN, ... (its statistics as CSV).
balancer_state() { # node
  local backend=app; case "$1" in kc*) backend=keycloak ;; esac
  { exec 3<>"/dev/tcp/127.0.0.1/$STATS"; } 2>/dev/null || return 1
  printf 'GET /;csv HTTP/1.0\r\n\r\n' >&3
  awk -F, -v b="$backend" -v s="$1" '$1 == b && $2 == s { print $18 }' <&3
  exec 3<&- 3>&-
}

await_balancer() { # node: until HAProxy sends it requests again
  for _ in $(seq 1 60); do
    [ "$(balancer_state "$1")" = UP ] && return 0
    sleep 1
  done
  log "HAProxy does not see $1 as UP after 60 s"; exit 1
}

start_node() { # node
  case "$1" in
    app*) build_app; start_app "$1" ;;
    kc*) kc_stack "$1" start >/dev/null ;;
  esac
}

stop_node() { # node, [KILL]
  case "$1" in
    app*) stop_app "$1" "${2:-TERM}" ;;
    kc*) if [ "${2:-}" = KILL ]; then kc_stack "$1" kill-keycloak; else kc_stack "$1" stop-keycloak; fi ;;
  esac
}

need_haproxy() {
  command -v haproxy >/dev/null 2>&1 && return 0
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    log "installing haproxy (Debian package)"
    apt-get install -y haproxy >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y haproxy >/dev/null; }
  fi
  command -v haproxy >/dev/null 2>&1 || { log "haproxy is needed: apt-get install -y haproxy"; exit 1; }
}

# One frontend a pair. A node is taken out after 3 failed checks a second apart and back after 2
# good ones; a check may take 5 s (a busy node answers slowly: with a 1 s check timeout, both apps
# were marked down under the benchmark's load and the balancer answered 503 for 90 s). A dead node
# costs little meanwhile: a request whose connection is refused is sent to the other node at once
# (retry-on conn-failure, redispatch on every retry): it never reached the dead one. A request that did reach it is not replayed, since a
# POST may not be safe to repeat; its client sees the error and decides (and the benchmark counts it).
# A cleartext HTTP/2 upgrade (h2c) is refused: both Quarkus and Keycloak would accept it, and the
# connection would become a tunnel to one node that HAProxy no longer balances or sees into (Java's
# HttpClient asks for it by default; it is also the "h2c smuggling" way past a proxy's rules).
write_haproxy_cfg() {
  cat >"$RUN/haproxy.cfg" <<CFG
global
  maxconn 4096
  stats socket $RUN/haproxy.sock mode 600 level admin
defaults
  mode http
  option forwardfor
  option redispatch 1
  retries 3
  retry-on conn-failure
  timeout connect 2s
  timeout client 5m
  timeout server 5m
  timeout check 5s
  default-server inter 1s fastinter 500ms fall 3 rise 2
frontend app
  bind 127.0.0.1:$APP_LB
  http-request del-header Upgrade if { req.hdr(Upgrade) -i h2c }
  http-request del-header HTTP2-Settings
  default_backend app
backend app
  balance roundrobin
  http-response set-header X-Served-By %s # which node answered: for drills and the benchmark
  option httpchk GET /q/health/ready
  http-check expect status 200
  server app1 127.0.0.1:$(node_port app1) check
  server app2 127.0.0.1:$(node_port app2) check
frontend keycloak
  bind 127.0.0.1:$KC_LB
  http-request del-header Upgrade if { req.hdr(Upgrade) -i h2c }
  http-request del-header HTTP2-Settings
  default_backend keycloak
backend keycloak
  balance roundrobin
  http-response set-header X-Served-By %s
  option httpchk GET /realms/modelhouse/.well-known/openid-configuration
  http-check expect status 200
  server kc1 127.0.0.1:$(node_port kc1) check
  server kc2 127.0.0.1:$(node_port kc2) check
frontend stats
  bind 127.0.0.1:$STATS
  stats enable
  stats uri /
  stats refresh 2s
CFG
  haproxy -c -q -f "$RUN/haproxy.cfg" || { log "HAProxy refused $RUN/haproxy.cfg"; exit 1; }
}

status() {
  local n state
  for n in kc1 kc2 app1 app2; do
    case "$n" in
      app*) app_running "$n" && state=running || state=stopped ;;
      kc*) state=$(kc_stack "$n" status | sed -n 's/^keycloak[^:]*: \(.*\) on .*/\1/p; s/^keycloak[^:]*: stopped/stopped/p') ;;
    esac
    echo "$n: $state on $(node_port "$n"); HAProxy: $(balancer_state "$n" 2>/dev/null || echo 'not running')"
  done
}

case "${1:-up}" in
  kill) node_port "$2" >/dev/null; stop_node "$2" KILL; exit 0 ;;
  stop) node_port "$2" >/dev/null; stop_node "$2"; exit 0 ;;
  start) node_port "$2" >/dev/null; start_node "$2"; await_balancer "$2"; log "$2 is back"; exit 0 ;;
  status) status; exit 0 ;;
  up) ;;
  *) log "usage: cluster.sh [kill|start|stop NODE | status]"; exit 2 ;;
esac

started=$(date +%s)
# Before the build and before the stop trap: a refusal costs nothing and stops nothing.
need_free_port "$APP_LB" MODELHOUSE_HTTP_PORT
need_free_port "$KC_LB" MODELHOUSE_KEYCLOAK_PORT
need_free_port "$STATS" MODELHOUSE_HAPROXY_STATS_PORT
need_free_port "$MODELHOUSE_DB_PORT" MODELHOUSE_DB_PORT
need_haproxy

HAPROXY_PID=""
stop() {
  trap - INT TERM EXIT
  trap '' PIPE HUP INT TERM # finish the shutdown whatever else arrives
  set +e
  log "stopping"
  [ -n "$HAPROXY_PID" ] && kill -TERM "$HAPROXY_PID" 2>/dev/null
  stop_app app1 & stop_app app2 & wait
  kc_stack kc2 stop-keycloak
  kc_stack kc1 stop # and PostgreSQL
  log "stopped"
}
trap stop EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

build_app
write_haproxy_cfg
haproxy -f "$RUN/haproxy.cfg" >"$RUN/haproxy.log" 2>&1 &
HAPROXY_PID=$!
# The first node imports the realm and creates Keycloak's tables; the others join it.
kc_stack kc1 start >/dev/null
need_free_port "$(node_port app1)" "MODELHOUSE_HTTP_PORT (its node app1 is on +11)"
need_free_port "$(node_port app2)" "MODELHOUSE_HTTP_PORT (its node app2 is on +12)"
kc_stack kc2 start >/dev/null &
KC2=$!
start_app app1 & A1=$!
start_app app2 & A2=$!
wait "$KC2" || { log "kc2 did not start; see $RUN/keycloak-kc2.log"; exit 1; }
wait "$A1" && wait "$A2" || exit 1
for n in kc1 kc2 app1 app2; do await_balancer "$n"; done
# Two members in Infinispan's view, or the nodes only share a database.
grep -q 'ISPN000094.*\[.*,.*\]' "$RUN/keycloak-kc2.log" "$RUN/keycloak-kc1.log" \
  || { log "the Keycloak nodes did not form one cluster; see $RUN/keycloak-kc*.log (ISPN000094)"; exit 1; }

APP=http://127.0.0.1:$APP_LB
cat <<INFO
READY $APP
  started in $(( $(date +%s) - started )) s
  app (HAProxy)       $APP  → app1 127.0.0.1:$(node_port app1), app2 127.0.0.1:$(node_port app2)
  Keycloak (HAProxy)  http://127.0.0.1:$KC_LB  realm modelhouse → kc1 :$(node_port kc1), kc2 :$(node_port kc2) (one Infinispan cluster)
  PostgreSQL          127.0.0.1:$MODELHOUSE_DB_PORT  database modelhouse (both pairs share it)
  HAProxy statistics  http://127.0.0.1:$STATS
  demo logins         admin / admin   presales / presales
  drills              deploy/local/cluster.sh kill app1 | start app1 | status   (state: $MODELHOUSE_HOME)
Ctrl-C stops everything.
INFO
wait "$HAPROXY_PID"
log "HAProxy exited; see $RUN/haproxy.log"
