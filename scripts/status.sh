#!/usr/bin/env bash
# Shows what `make up` and `make bronze-stream` started: for each service its state, pid, port and log, then the
# local stack's addresses. A pid file whose process is gone (a crash, a kill -9) shows as "dead".
source "$(dirname "$0")/lib.sh"

# the line each service logs once it serves; absent means it is still starting
declare -A ready_marker=(
  [local-stack]="local-stack: running"
  [collector]="Started "
  [sql-endpoint]="sql-endpoint ready"
  [bronze-stream]="bronze-streaming-job ready: first micro-batch done by"
  [airflow-api-server]="Application startup complete"
  [airflow-scheduler]="Starting the scheduler"
  [airflow-dag-processor]="Starting the Dag Processor Job"
  [airflow-triggerer]="Starting the triggerer"
  [prometheus]="Server is ready to receive web requests"
  [pushgateway]="Listening on"
  [statsd-exporter]="Accepting Prometheus Requests"
)
# Airflow's StatsD exporter is built only where Go is (make statsd-exporter): listed once started, never as "stopped"
declare -A optional=([statsd-exporter]=1)

for name in local-stack collector sql-endpoint bronze-stream airflow-api-server airflow-scheduler airflow-dag-processor airflow-triggerer prometheus pushgateway statsd-exporter; do
  pid_file="$RUN_DIR/$name.pid"
  log="$LOG_DIR/$name.log"
  if [[ ! -f "$pid_file" ]]; then
    [[ -v "optional[$name]" ]] || echo "$name: stopped"
    continue
  fi
  pid="$(cat "$pid_file")"
  if ! is_running "$name"; then
    echo "$name: dead (pid $pid is gone; see $log, 'make down' clears it)"
    continue
  fi
  state="starting"
  if [[ -f "$log" ]] && grep -qF "${ready_marker[$name]}" "$log"; then state="running"; fi
  line="$name: $state (pid $pid)"
  if [[ -f "$RUN_DIR/$name.port" ]]; then
    port="$(cat "$RUN_DIR/$name.port")"
    if port_free "$port"; then line+=", port $port not listening"; else line+=", port $port listening"; fi
  fi
  echo "$line, log $log"
done
if [[ -f "$DATA_DIR/stack/stack.env" ]] && is_running local-stack; then cat "$DATA_DIR/stack/stack.env"; fi
if is_running airflow-api-server; then
  echo "Airflow UI: http://127.0.0.1:$(cat "$RUN_DIR/airflow-api-server.port")   user admin, password $("$ROOT/scripts/airflow.sh" password)"
fi
