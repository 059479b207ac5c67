#!/usr/bin/env bash
# Modelhouse on this machine: PostgreSQL, Keycloak and the app with the bundled templates.
# Needs only a JDK 17+ and Maven Central. Prints "READY <url>" and the demo logins; Ctrl-C stops all.
# Ports and state as in ../shared/spec/API.md: MODELHOUSE_HTTP_PORT (8080), MODELHOUSE_KEYCLOAK_PORT
# (8180), MODELHOUSE_DB_PORT (15432), MODELHOUSE_HOME (~/.local/share/modelhouse).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
export MODELHOUSE_HOME=${MODELHOUSE_HOME:-$HOME/.local/share/modelhouse}
export MODELHOUSE_HTTP_PORT=${MODELHOUSE_HTTP_PORT:-8080}
export MODELHOUSE_KEYCLOAK_PORT=${MODELHOUSE_KEYCLOAK_PORT:-8180}
export MODELHOUSE_DB_PORT=${MODELHOUSE_DB_PORT:-15432}
RUN=$MODELHOUSE_HOME/run
mkdir -p "$RUN"
cd "$ROOT"
started=$(date +%s)

log() { printf '[run] %s\n' "$*" >&2 || true; }  # never fail on a closed terminal
# shellcheck source=deploy/local/app.sh
source "$ROOT/deploy/local/app.sh"
# Before the build and before the stop trap, so a refusal costs nothing and stops nothing: a second
# run.sh used to reuse the stack, fail to bind its app and take the old app's answer for READY.
need_free_port "$MODELHOUSE_HTTP_PORT" MODELHOUSE_HTTP_PORT
need_free_port "$MODELHOUSE_KEYCLOAK_PORT" MODELHOUSE_KEYCLOAK_PORT
need_free_port "$MODELHOUSE_DB_PORT" MODELHOUSE_DB_PORT

APP_PID=""
stop() {
  trap - INT TERM EXIT
  # Finish the shutdown whatever else arrives: Ctrl-C also ends a pipe reader (run.sh | tee),
  # and a closing terminal sends HUP.
  trap '' PIPE HUP INT TERM
  set +e
  log "stopping"
  if [ -n "$APP_PID" ] && kill -0 "$APP_PID" 2>/dev/null; then
    kill -TERM "$APP_PID" 2>/dev/null || true
    wait "$APP_PID" 2>/dev/null || true
  fi
  "$ROOT/deploy/local/stack.sh" stop || true
  log "stopped"
}
trap stop EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

build_app

"$ROOT/deploy/local/stack.sh" start

need_free_port "$MODELHOUSE_HTTP_PORT" MODELHOUSE_HTTP_PORT # again: the build and the stack take a while
log "starting the app on http://127.0.0.1:$MODELHOUSE_HTTP_PORT (log: $RUN/app.log)"
# the dev profile: this stack's secrets are the public local defaults, which any other profile refuses
QUARKUS_PROFILE=${QUARKUS_PROFILE:-dev} java ${MODELHOUSE_JAVA_OPTS:--Xmx1g} -jar "$JAR" >"$RUN/app.log" 2>&1 &
APP_PID=$!
await_app "$APP_PID" "$MODELHOUSE_HTTP_PORT" "$RUN/app.log"

APP=http://127.0.0.1:$MODELHOUSE_HTTP_PORT
cat <<INFO
READY $APP
  started in $(( $(date +%s) - started )) s
  app             $APP            (prospect portal: $APP/portal, API: $APP/api, OpenAPI: $APP/q/openapi)
  Keycloak        http://127.0.0.1:$MODELHOUSE_KEYCLOAK_PORT  realm modelhouse
  PostgreSQL      127.0.0.1:$MODELHOUSE_DB_PORT  database modelhouse
  demo logins     admin / admin (role admin)   presales / presales (role presales)
  try it          TOKEN=\$(curl -s -d grant_type=password -d client_id=modelhouse-cli -d username=presales -d password=presales \\
                    http://127.0.0.1:$MODELHOUSE_KEYCLOAK_PORT/realms/modelhouse/protocol/openid-connect/token | sed 's/.*"access_token":"\\([^"]*\\)".*/\\1/')
                  curl -s -H "Authorization: Bearer \$TOKEN" -H 'Content-Type: application/json' $APP/api/tenants \\
                    -d '{"templateKey":"logistics","company":"顺达同城配送有限公司","contacts":[{"name":"王磊","email":"wanglei@shunda.example","role":"boss"}]}'
                  then open the account's loginUrl and log in with its initialPassword.
Ctrl-C stops everything.
INFO
wait "$APP_PID"
