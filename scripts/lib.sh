# Shared by the operator scripts: process bookkeeping under .data/run, readiness waits, ports.
# shellcheck shell=bash
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DATA_DIR="${DATA_DIR:-$ROOT/.data}"
RUN_DIR="$DATA_DIR/run"
LOG_DIR="$DATA_DIR/logs"
mkdir -p "$RUN_DIR" "$LOG_DIR"

# Loads .env when present so `make up` and the services share one configuration. A variable the caller already set
# (exported or not, even to the empty string) keeps its value: the caller's environment wins over .env (DESIGN.md),
# so a test stack on ports of its own stays itself after `cp .env.example .env`.
load_env() {
  local file="$ROOT/.env" name
  [[ -f "$file" ]] || return 0
  local -A callers=()
  while IFS= read -r name; do
    if [[ -v "$name" ]]; then callers["$name"]="${!name}"; fi
  done < <(sed -nE 's/^[[:space:]]*(export[[:space:]]+)?([A-Za-z_][A-Za-z0-9_]*)=.*/\2/p' "$file")
  set -a; source "$file"; set +a
  for name in "${!callers[@]}"; do
    export "$name=${callers[$name]}"
  done
}

# The java to launch: the JDK the build uses, by Maven's own rule (JAVA_HOME when set, else java on PATH).
# Usage: JAVA="$(java_bin)"
java_bin() {
  if [[ -n "${JAVA_HOME:-}" ]]; then
    if [[ ! -x "$JAVA_HOME/bin/java" ]]; then
      echo "error: JAVA_HOME=$JAVA_HOME has no bin/java: point JAVA_HOME at the JDK 17 that Maven builds with, or unset it to use java from PATH" >&2
      return 1
    fi
    echo "$JAVA_HOME/bin/java"
  elif command -v java >/dev/null 2>&1; then
    command -v java
  else
    echo "error: no Java found: set JAVA_HOME to a JDK 17 (the one Maven builds with) or put its bin/ on PATH" >&2
    return 1
  fi
}

is_running() { # name
  local pid_file="$RUN_DIR/$1.pid"
  [[ -f "$pid_file" ]] && kill -0 "$(cat "$pid_file")" 2>/dev/null
}

port_free() { # port
  ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

require_free_port() { # port what
  if ! port_free "$1"; then
    echo "error: port $1 for $2 is already in use (stop whatever holds it, or change the port in .env)" >&2
    exit 1
  fi
}

start_background() { # name command...
  local name="$1"; shift
  nohup "$@" >"$LOG_DIR/$name.log" 2>&1 &
  echo $! >"$RUN_DIR/$name.pid"
}

# Removes the jar copies of Spark job runs whose JVM is gone (scripts/spark-job.sh names each copy <module>.<pid>).
prune_job_copies() {
  local copy
  for copy in "$RUN_DIR"/jars/*.[0-9]*; do
    [[ -d "$copy" ]] || continue
    kill -0 "${copy##*.}" 2>/dev/null || rm -rf "$copy"
  done
}

# Remembers where a background service listens, for `make status`.
record_port() { # name port
  echo "$2" >"$RUN_DIR/$1.port"
}

wait_for() { # what timeout_s command...
  local what="$1" timeout="$2"; shift 2
  local deadline=$((SECONDS + timeout))
  until "$@" >/dev/null 2>&1; do
    if ((SECONDS >= deadline)); then
      echo "error: $what not ready after ${timeout}s; see $LOG_DIR" >&2
      return 1
    fi
    sleep 1
  done
}

stop_process() { # name timeout_s
  local name="$1" timeout="${2:-60}" pid_file="$RUN_DIR/$1.pid"
  if ! is_running "$name"; then
    rm -f "$pid_file" "$RUN_DIR/$name.port"
    return 0
  fi
  local pid; pid="$(cat "$pid_file")"
  kill -TERM "$pid"
  local deadline=$((SECONDS + timeout))
  while kill -0 "$pid" 2>/dev/null; do
    if ((SECONDS >= deadline)); then
      echo "warning: $name (pid $pid) did not stop within ${timeout}s; killing it" >&2
      kill -KILL "$pid" 2>/dev/null || true # it may exit between the check and the kill
      break
    fi
    sleep 1
  done
  rm -f "$pid_file" "$RUN_DIR/$name.port"
  echo "stopped $name"
}

# pipeline-cli (the operator CLI), told where this machine's Airflow listens and where its admin password is kept.
# Usage: pipeline_cli airflow trigger github_events_pipeline --wait
pipeline_cli() {
  local jar="$ROOT/pipeline-cli/target/pipeline-cli.jar" java
  [[ -f "$jar" ]] || { echo "error: $jar is missing: build it with 'make build'" >&2; return 1; }
  java="$(java_bin)"
  AIRFLOW_URL="${AIRFLOW_URL:-http://127.0.0.1:${AIRFLOW_PORT:-8080}}" DATA_DIR="$DATA_DIR" \
    "$java" -Xmx512m -jar "$jar" "$@"
}

# True when github_events_pipeline has no run queued or running; otherwise waits 15 s and fails, so that
# `wait_for ... pipeline_idle` asks every 15 s (each question starts a JVM). No run at all counts as idle.
pipeline_idle() {
  local status
  status="$(pipeline_cli airflow status github_events_pipeline 2>/dev/null)" || return 0
  if grep -qE ': (queued|running)$' <<<"${status%%$'\n'*}"; then
    sleep 15
    return 1
  fi
}

# A Spark distribution's folder, built from the Maven artifacts the build already has (no download): jars/ links every
# jar of the spark-standalone module's classpath (Spark 3.5 and its dependencies, what a distribution's jars/ holds),
# conf/ is where spark-defaults.conf goes. Spark's own launcher, a standalone worker starting executors and SparkSubmit
# all find Spark through SPARK_HOME/jars, so scripts/spark-class.sh points SPARK_HOME here. Rebuilt only when the
# build's classpath changed (a running master or worker keeps reading jars/). Prints the folder.
spark_home_from_build() {
  local home="$DATA_DIR/spark/home" file="$ROOT/spark-standalone/target/classpath/jars.classpath" wanted jar
  [[ -f "$file" ]] || { echo "error: $file is missing: build first ('make build')" >&2; return 1; }
  wanted="$(tr ':' '\n' <"$file" | grep -v '^$' | sort)"
  if [[ ! -f "$home/jars.list" ]] || [[ "$(cat "$home/jars.list")" != "$wanted" ]]; then
    rm -rf "$home/jars"
    mkdir -p "$home/jars" "$home/conf"
    while IFS= read -r jar; do
      ln -s "$jar" "$home/jars/$(basename "$jar")"
    done <<<"$wanted"
    echo "$wanted" >"$home/jars.list"
  fi
  echo "$home"
}
