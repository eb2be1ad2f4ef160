# Sourced by benchmarks/collector.sh and benchmarks/collector-cpu.sh (after scripts/lib.sh, with ROOT set): the
# collector build they measure on BENCH_PORT, the real events they send (hour 15 of the sample, one per line in
# EVENTS_FILE for the wrk scripts), and the local stack whose Kafka it publishes to.
BENCH_PORT="${BENCH_PORT:-8100}"
# another build of the collector to measure (e.g. a baseline built from an older commit); default: this checkout's
COLLECTOR_JAR="${COLLECTOR_JAR:-$ROOT/collector-service/target/collector-service.jar}"
JAVA="$(java_bin)"
URL="http://127.0.0.1:$BENCH_PORT"
DATA="$ROOT/../shared/data/gharchive-2015-01-01-15.ndjson.gz"
STACK_ENV="$DATA_DIR/stack/stack.env"
command -v wrk >/dev/null || { echo "error: wrk is missing: apt-get install -y wrk" >&2; exit 1; }
[[ -f "$DATA" ]] || { echo "error: $DATA not found" >&2; exit 1; }
[[ -f "$STACK_ENV" ]] || { echo "error: the local stack is not running: run 'make up' first" >&2; exit 1; }
set -a; source "$STACK_ENV"; set +a
require_free_port "$BENCH_PORT" "the benchmark collector"

COLLECTOR_PID=""
EVENTS_FILE="$(mktemp)"
# removes the events file and stops a collector still running; a script with more to clean calls it from its own trap
cleanup_bench_collector() {
  rm -f "$EVENTS_FILE"
  if [[ -n "$COLLECTOR_PID" ]]; then
    kill "$COLLECTOR_PID" 2>/dev/null || true # may have exited already
    wait "$COLLECTOR_PID" 2>/dev/null || true
  fi
}
trap cleanup_bench_collector EXIT
zcat "$DATA" >"$EVENTS_FILE"
export EVENTS_FILE BATCH_EVENTS=100

start_bench_collector() { # ack mode, data dir (emptied first), log file: returns once the collector is ready
  rm -rf "$2"
  COLLECTOR_PORT="$BENCH_PORT" COLLECTOR_ACK_MODE="$1" COLLECTOR_DATA_DIR="$2" KAFKA_FALLBACK_DIR="$2/fallback" \
    KAFKA_TOPIC=bench_collector COLLECTOR_BENCHMARK_CEILING=true \
    "$JAVA" -Xmx1g -jar "$COLLECTOR_JAR" >"$3" 2>&1 &
  COLLECTOR_PID=$!
  wait_for "benchmark collector ($1)" "${BENCH_START_TIMEOUT_S:-90}" curl -fsS "$URL/health/readiness"
}

stop_bench_collector() {
  kill -TERM "$COLLECTOR_PID"
  wait "$COLLECTOR_PID" || true # the JVM exits 143 on SIGTERM; waiting frees BENCH_PORT for the next run
  COLLECTOR_PID=""
}
