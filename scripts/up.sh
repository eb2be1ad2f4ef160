#!/usr/bin/env bash
# Starts the local stack (Kafka, S3, PostgreSQL), the collector, the SQL endpoint, Prometheus with the Pushgateway and
# Airflow's StatsD exporter (scripts/monitoring.sh, when installed) and Airflow (scripts/airflow.sh) in the background
# on the default ports.
source "$(dirname "$0")/lib.sh"
load_env
JAVA="$(java_bin)"

KAFKA_PORT="${KAFKA_PORT:-9092}"
KAFKA_CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-9093}"
S3_PORT="${S3_PORT:-9000}"
POSTGRES_PORT="${POSTGRES_PORT:-5432}"
COLLECTOR_PORT="${COLLECTOR_PORT:-8000}"
STACK_DIR="$DATA_DIR/stack"

if is_running local-stack; then
  echo "local stack already running (pid $(cat "$RUN_DIR/local-stack.pid"))"
else
  require_free_port "$KAFKA_PORT" Kafka
  require_free_port "$KAFKA_CONTROLLER_PORT" "the Kafka controller"
  require_free_port "$S3_PORT" "the S3 server"
  require_free_port "$POSTGRES_PORT" PostgreSQL
  rm -f "$STACK_DIR/stack.env"
  cp "$ROOT/local-stack/target/local-stack.jar" "$RUN_DIR/local-stack.jar"
  start_background local-stack "$JAVA" -Xmx256m \
    -cp "$RUN_DIR/local-stack.jar:$(cat "$ROOT/local-stack/target/classes/local-stack.classpath")" \
    dev.descheduler.localstack.LocalStackMain run --data-dir "$STACK_DIR" \
    --kafka-port "$KAFKA_PORT" --kafka-controller-port "$KAFKA_CONTROLLER_PORT" --s3-port "$S3_PORT" \
    --postgres-port "$POSTGRES_PORT"
  wait_for "local stack" 120 test -f "$STACK_DIR/stack.env"
fi
set -a; source "$STACK_DIR/stack.env"; set +a

if is_running collector; then
  echo "collector already running (pid $(cat "$RUN_DIR/collector.pid"))"
else
  require_free_port "$COLLECTOR_PORT" "the collector"
  export COLLECTOR_DATA_DIR="${COLLECTOR_DATA_DIR:-$DATA_DIR/collector}"
  export KAFKA_FALLBACK_DIR="${KAFKA_FALLBACK_DIR:-$DATA_DIR/collector/fallback}"
  # run a copy: rebuilding the module while the collector runs would otherwise swap classes under its feet
  cp "$ROOT/collector-service/target/collector-service.jar" "$RUN_DIR/collector-service.jar"
  start_background collector "$JAVA" -Xmx1g -jar "$RUN_DIR/collector-service.jar"
  record_port collector "$COLLECTOR_PORT"
  wait_for "collector" 90 curl -fsS "http://localhost:$COLLECTOR_PORT/health/readiness"
fi

SPARK_THRIFT_PORT="${SPARK_THRIFT_PORT:-10000}"
if is_running sql-endpoint; then
  echo "SQL endpoint already running (pid $(cat "$RUN_DIR/sql-endpoint.pid"))"
else
  require_free_port "$SPARK_THRIFT_PORT" "the SQL endpoint"
  export SQL_ENDPOINT_DATA_DIR="${SQL_ENDPOINT_DATA_DIR:-$DATA_DIR/sql-endpoint}"
  # sql-endpoint.sh runs the endpoint through spark-job.sh, from a copy of its jars like every Spark job
  start_background sql-endpoint "$ROOT/scripts/sql-endpoint.sh"
  record_port sql-endpoint "$SPARK_THRIFT_PORT"
  wait_for "SQL endpoint" 180 grep -q "sql-endpoint ready" "$LOG_DIR/sql-endpoint.log"
fi

"$ROOT/scripts/monitoring.sh" start
"$ROOT/scripts/airflow.sh" start

cat <<MSG

DE Scheduler is up:
  collector     http://localhost:$COLLECTOR_PORT   (POST /collect, POST /collect/batch, GET /health, GET /metrics)
  Kafka         $KAFKA_BOOTSTRAP_SERVERS   topic ${KAFKA_TOPIC:-github_events_avro}
  S3            $MINIO_ENDPOINT   bucket $MINIO_BUCKET (user $MINIO_ROOT_USER)
  PostgreSQL    $ICEBERG_JDBC_URL
  SQL endpoint  jdbc:hive2://127.0.0.1:$SPARK_THRIFT_PORT/default   ('make sql' opens a shell)
  Airflow       http://127.0.0.1:${AIRFLOW_PORT:-8080}   user admin, password $("$ROOT/scripts/airflow.sh" password)
  Prometheus    $(if is_running prometheus; then echo "http://127.0.0.1:$(cat "$RUN_DIR/prometheus.port")   (alerts: /alerts), Pushgateway http://127.0.0.1:$(cat "$RUN_DIR/pushgateway.port")"; else echo "not installed (sudo apt-get install prometheus prometheus-pushgateway)"; fi)
  StatsD        $(if is_running statsd-exporter; then echo "Airflow's metrics on http://127.0.0.1:$(cat "$RUN_DIR/statsd-exporter.port")/metrics (Prometheus job airflow)"; else echo "not running (make statsd-exporter builds the exporter with Go; Prometheus must be installed)"; fi)
  logs          $LOG_DIR
Stop with 'make down' (keeps data) or 'make clean' (wipes it).
MSG
