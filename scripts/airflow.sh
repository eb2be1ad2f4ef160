#!/usr/bin/env bash
# Airflow for the local stack (started by `make up`, stopped by `make down`): api-server (UI and REST API),
# scheduler, dag-processor and triggerer, each in a process group of its own, with the DAGs of airflow/dags and the
# metadata database `airflow` the local stack creates in its PostgreSQL.
#   scripts/airflow.sh start    prepare, then start what is not running
#   scripts/airflow.sh prepare  set the admin password, write dbt's manifest, migrate the database, import the pools
#   scripts/airflow.sh stop     stop the four components (the scheduler ignores SIGTERM: its group is killed after 30 s)
#   scripts/airflow.sh env      print the environment an `airflow` CLI call needs (eval "$(scripts/airflow.sh env)")
#   scripts/airflow.sh cli ...  run the airflow CLI against this instance, e.g. `scripts/airflow.sh cli dags list`
# The admin password is AIRFLOW_ADMIN_PASSWORD when set, otherwise generated once and kept in
# $DATA_DIR/airflow/admin-password (never admin/admin).
source "$(dirname "$0")/lib.sh"
load_env
VENV="${AIRFLOW_VENV:-$ROOT/.venv-airflow}"
export AIRFLOW_HOME="${AIRFLOW_HOME:-$DATA_DIR/airflow}"
AIRFLOW_PORT="${AIRFLOW_PORT:-8080}"
COMPONENTS=(api-server scheduler dag-processor triggerer)
mkdir -p "$AIRFLOW_HOME"

require_venv() {
  [[ -x "$VENV/bin/airflow" ]] || {
    echo "error: $VENV/bin/airflow is missing: create it with 'make airflow-venv'" >&2
    exit 1
  }
}

# A secret kept under the data folder: generated on first use, readable only by its owner.
# Hex digits only, so that the password never starts with '-' or needs quoting on a command line.
kept_secret() { # file bytes
  local file="$AIRFLOW_HOME/$1"
  if [[ ! -s "$file" ]]; then
    (umask 077 && python3 -c "import secrets, sys; print(secrets.token_hex(int(sys.argv[1])))" "$2" >"$file")
  fi
  cat "$file"
}

admin_password() {
  if [[ -n "${AIRFLOW_ADMIN_PASSWORD:-}" ]]; then
    echo "$AIRFLOW_ADMIN_PASSWORD"
  else
    kept_secret admin-password 18
  fi
}

# Everything configured through the environment, so the same settings reach every component and CLI call.
airflow_env() {
  [[ -f "$DATA_DIR/stack/stack.env" ]] || {
    echo "error: the local stack is not running ($DATA_DIR/stack/stack.env is missing): start it with 'make up'" >&2
    exit 1
  }
  set -a; source "$DATA_DIR/stack/stack.env"; set +a
  [[ -n "${AIRFLOW_DATABASE:-}" ]] || {
    echo "error: the running local stack predates Airflow's database: restart it ('make down', then 'make up')" >&2
    exit 1
  }
  local pg_hostport="${ICEBERG_JDBC_URL#jdbc:postgresql://}"
  pg_hostport="${pg_hostport%%/*}"
  export AIRFLOW__DATABASE__SQL_ALCHEMY_CONN="postgresql+psycopg2://${ICEBERG_JDBC_USER}:${ICEBERG_JDBC_PASSWORD}@${pg_hostport}/${AIRFLOW_DATABASE}"
  export AIRFLOW__CORE__DAGS_FOLDER="$ROOT/airflow/dags"
  export AIRFLOW__CORE__EXECUTOR=LocalExecutor
  export AIRFLOW__CORE__LOAD_EXAMPLES=False
  export AIRFLOW__CORE__DAGS_ARE_PAUSED_AT_CREATION=False
  # the default of 32 starts 32 worker processes (4.6 GB); the pipeline's tasks run one after another anyway
  export AIRFLOW__CORE__PARALLELISM="${AIRFLOW_PARALLELISM:-4}"
  export AIRFLOW__CORE__EXECUTION_API_SERVER_URL="http://127.0.0.1:$AIRFLOW_PORT/execution/"
  export AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_USERS="admin:admin"
  export AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_PASSWORDS_FILE="$AIRFLOW_HOME/passwords.json"
  export AIRFLOW__API__BASE_URL="http://127.0.0.1:$AIRFLOW_PORT"
  # a key shorter than 64 bytes makes every token log InsecureKeyLengthWarning
  AIRFLOW__API_AUTH__JWT_SECRET="$(kept_secret jwt-secret 64)"
  export AIRFLOW__API_AUTH__JWT_SECRET
  export AIRFLOW__LOGGING__WORKER_LOG_SERVER_PORT="${AIRFLOW_WORKER_LOG_PORT:-8793}"
  export AIRFLOW__LOGGING__TRIGGER_LOG_SERVER_PORT="${AIRFLOW_TRIGGER_LOG_PORT:-8794}"
  export AIRFLOW__LOGGING__BASE_LOG_FOLDER="$LOG_DIR/airflow"
  # the DAGs import their shared task code (airflow/dags/lakehouse) from the DAG folder; tasks find the repository here
  export DESCHEDULER_HOME="$ROOT"
  # the triggerer imports the Bronze commit watcher (lakehouse/bronze_commits.py) by its module path; the DAG
  # processor finds it in the DAG folder, the triggerer only on the Python path
  export PYTHONPATH="$ROOT/airflow/dags${PYTHONPATH:+:$PYTHONPATH}"
  export DBT_SEND_ANONYMOUS_USAGE_STATS=False DBT_VERSION_CHECK=False
  # no network beyond the package registries: Cosmos would otherwise post usage metrics after every task
  export AIRFLOW__COSMOS__ENABLE_TELEMETRY=False
  # StatsD to the exporter scripts/monitoring.sh starts (Prometheus job airflow). Always on: UDP costs nothing when no
  # exporter listens, and an exporter started later gets the metrics without restarting Airflow
  export AIRFLOW__METRICS__STATSD_ON=True
  export AIRFLOW__METRICS__STATSD_HOST=127.0.0.1
  export AIRFLOW__METRICS__STATSD_PORT="${STATSD_PORT:-9125}"
  export AIRFLOW__METRICS__STATSD_PREFIX=airflow
}

start_component() { # component
  local name="airflow-$1"
  if is_running "$name"; then
    echo "$name already running (pid $(cat "$RUN_DIR/$name.pid"))"
    return 0
  fi
  local args=("$1")
  if [[ "$1" == api-server ]]; then args+=(--host 127.0.0.1 --port "$AIRFLOW_PORT"); fi
  # setsid: a group of its own, so stop can reach the workers it forks
  nohup setsid "$VENV/bin/airflow" "${args[@]}" >"$LOG_DIR/$name.log" 2>&1 &
  echo $! >"$RUN_DIR/$name.pid"
}

stop_component() { # component
  local name="airflow-$1" pid_file="$RUN_DIR/airflow-$1.pid"
  if ! is_running "$name"; then
    rm -f "$pid_file" "$RUN_DIR/$name.port"
    return 0
  fi
  local pid; pid="$(cat "$pid_file")"
  kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid"
  local deadline=$((SECONDS + ${AIRFLOW_STOP_GRACE_S:-30}))
  while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do sleep 1; done
  # whatever is left of the group (the scheduler and its idle LocalExecutor workers) does not exit on SIGTERM
  kill -KILL -- "-$pid" 2>/dev/null || true # the group may have exited between the check and the kill
  rm -f "$pid_file" "$RUN_DIR/$name.port"
  echo "stopped $name"
}

# What any use of this instance needs first: the admin password file, dbt's manifest, the migrated metadata database
# and the pools. Idempotent: `start` runs it every time.
prepare() {
  local password
  password="$(admin_password)"
  (umask 077 && python3 -c 'import json, sys; print(json.dumps({"admin": sys.argv[1]}))' "$password" \
    >"$AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_PASSWORDS_FILE")
  # Cosmos renders Gold's tasks from dbt's manifest: write it now so the DAG processor never runs dbt
  "$ROOT/scripts/dbt-manifest.sh"
  "$VENV/bin/airflow" db migrate >"$LOG_DIR/airflow-migrate.log" 2>&1 || {
    echo "error: airflow db migrate failed; the end of $LOG_DIR/airflow-migrate.log:" >&2
    tail -20 "$LOG_DIR/airflow-migrate.log" >&2
    exit 1
  }
  "$VENV/bin/airflow" pools import "$ROOT/airflow/pools.json" >>"$LOG_DIR/airflow-migrate.log" 2>&1
}

case "${1:-}" in
  prepare)
    require_venv
    airflow_env
    prepare
    ;;
  start)
    require_venv
    airflow_env
    if is_running airflow-api-server; then
      echo "Airflow already running (api-server pid $(cat "$RUN_DIR/airflow-api-server.pid"))"
    else
      require_free_port "$AIRFLOW_PORT" "the Airflow api-server"
      require_free_port "$AIRFLOW__LOGGING__WORKER_LOG_SERVER_PORT" "the Airflow scheduler's log server"
      require_free_port "$AIRFLOW__LOGGING__TRIGGER_LOG_SERVER_PORT" "the Airflow triggerer's log server"
    fi
    prepare
    for component in "${COMPONENTS[@]}"; do start_component "$component"; done
    record_port airflow-api-server "$AIRFLOW_PORT"
    wait_for "Airflow api-server" 120 curl -fsS "http://127.0.0.1:$AIRFLOW_PORT/api/v2/monitor/health"
    echo "Airflow ready on http://127.0.0.1:$AIRFLOW_PORT"
    ;;
  stop)
    for component in "${COMPONENTS[@]}"; do stop_component "$component"; done
    ;;
  env)
    airflow_env
    env | grep -E '^(AIRFLOW_HOME|AIRFLOW__|DESCHEDULER_HOME|DBT_)' | sed -E "s/^([^=]+)=(.*)$/export \1='\2'/"
    ;;
  cli)
    shift
    require_venv
    airflow_env
    exec "$VENV/bin/airflow" "$@"
    ;;
  password)
    admin_password
    ;;
  *)
    echo "usage: scripts/airflow.sh start|prepare|stop|env|cli ...|password" >&2
    exit 2
    ;;
esac
