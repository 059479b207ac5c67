# Shared by run.sh and cluster.sh (sourced, not run): the app's build and its start as one process.
# Expects ROOT and RUN, and log() of the sourcing script.

JAR=$ROOT/target/quarkus-app/quarkus-run.jar

# Exits saying who holds the port and which variable moves it; this home's running stack is reused.
need_free_port() { # port, variable that sets it
  local why
  why=$("$ROOT/deploy/local/stack.sh" port-free "$1" "$2") || { log "$why"; exit 1; }
}

# Builds the app when its sources are newer than the last build (or there is none).
build_app() {
  if [ ! -f "$JAR" ] || [ -n "$(find "$ROOT/src/main" "$ROOT/pom.xml" -newer "$JAR" -print -quit)" ]; then
    log "building the app (first time: Maven downloads its dependencies)"
    "$ROOT/mvnw" -B -q package -DskipTests >"$RUN/build.log" 2>&1 \
      || { tail -40 "$RUN/build.log" >&2; log "build failed; see $RUN/build.log"; exit 1; }
  fi
}

# Ready only when the app this script started answers on its port: anything else there would answer
# too. "?": ss cannot name the listener; the port was free just before the start, and the app is alive.
app_ready() { # pid, port
  local holder
  "$ROOT/deploy/local/stack.sh" http-ok "http://127.0.0.1:$2/q/health/ready" || return 1
  holder=$("$ROOT/deploy/local/stack.sh" listener "$2")
  { [ "$holder" = "$1" ] || [ "$holder" = "?" ]; } && kill -0 "$1" 2>/dev/null
}

# Waits until the app is ready; exits, with the log's tail, when it exits or takes over 180 s.
await_app() { # pid, port, log
  for _ in $(seq 1 180); do
    if app_ready "$1" "$2"; then return 0; fi
    kill -0 "$1" 2>/dev/null || { tail -40 "$3" >&2; log "the app exited; see $3"; exit 1; }
    sleep 1
  done
  app_ready "$1" "$2" || { log "the app did not become ready; see $3"; exit 1; }
}
