#!/usr/bin/env bash
# Bronze benchmark on every event of ../shared/data, with its ceiling measured in the same run.
#
# Starts a local stack of its own (Kafka, S3, PostgreSQL) on ports of its own, data under .data/bench/bronze, and
# stops it at the end, so it never touches the tables of `make up`'s stack (each run drops and recreates
# bronze.github_events). Then:
#   1. publishes all events as the collector does: Avro container files of 1000 events, 3 partitions;
#   2. in ONE JVM and SparkSession (the job's flags, -Xmx$SPARK_DRIVER_MEMORY), one warm-up round, then RUNS rounds of
#      (a) the no-op ceiling: the job's Kafka source and decoding into Spark's noop sink, and
#      (b) the Bronze job available-now into a fresh bronze.github_events (fresh checkpoints), and
#      (c) a diagnostic: the job's events sink alone, without the quarantine query (what the second decode costs);
#   3. RUNS times the job as `make bronze` runs it (its own JVM, fresh namespace and checkpoint) under GNU time:
#      peak RSS of the job JVM, and its wall time including JVM and Spark start.
# Prints every run, the medians and the ratio Bronze/ceiling (target >= 0.60).
# Usage: benchmarks/bronze.sh [RUNS=3]; PROFILE=1 also records a JFR profile of the measuring JVM.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
source "$ROOT/scripts/lib.sh"
RUNS="${1:-3}"
KAFKA_PORT="${BENCH_KAFKA_PORT:-19092}"
KAFKA_CONTROLLER_PORT="${BENCH_KAFKA_CONTROLLER_PORT:-19093}"
S3_PORT="${BENCH_S3_PORT:-19000}"
POSTGRES_PORT="${BENCH_POSTGRES_PORT:-15432}"
SPARK_DRIVER_MEMORY="${SPARK_DRIVER_MEMORY:-2g}"
DATA="$ROOT/../shared/data"
BENCH_DIR="$DATA_DIR/bench/bronze"
TOPIC="bench_bronze"
TARGET="$ROOT/bronze-streaming-job/target"

[[ -d "$DATA" ]] || { echo "error: $DATA not found" >&2; exit 1; }
[[ -x /usr/bin/time ]] || { echo "error: GNU time is missing: apt-get install -y time" >&2; exit 1; }
for file in "$TARGET/bronze-streaming-job.jar" "$TARGET/test-classes/dev/descheduler/bronze/BronzeBenchmark.class" \
  "$ROOT/local-stack/target/local-stack.jar"; do
  [[ -f "$file" ]] || { echo "error: $file is missing: build first (mvn -pl .,local-stack,event-schema,lakehouse-spark,bronze-streaming-job install -DskipITs)" >&2; exit 1; }
done
require_free_port "$KAFKA_PORT" "the benchmark's Kafka"
require_free_port "$KAFKA_CONTROLLER_PORT" "the benchmark's Kafka controller"
require_free_port "$S3_PORT" "the benchmark's S3 server"
require_free_port "$POSTGRES_PORT" "the benchmark's PostgreSQL"

rm -rf "$BENCH_DIR"
mkdir -p "$BENCH_DIR"
STACK_PID=""
cleanup() {
  if [[ -n "$STACK_PID" ]] && kill -0 "$STACK_PID" 2>/dev/null; then
    kill -TERM "$STACK_PID"
    for _ in $(seq 60); do kill -0 "$STACK_PID" 2>/dev/null || break; sleep 1; done
  fi
}
trap cleanup EXIT

echo "starting a local stack for the benchmark (Kafka $KAFKA_PORT, S3 $S3_PORT, PostgreSQL $POSTGRES_PORT)"
cp "$ROOT/local-stack/target/local-stack.jar" "$BENCH_DIR/local-stack.jar"
java -Xmx256m -cp "$BENCH_DIR/local-stack.jar:$(cat "$ROOT/local-stack/target/classes/local-stack.classpath")" \
  dev.descheduler.localstack.LocalStackMain run --data-dir "$BENCH_DIR/stack" --kafka-port "$KAFKA_PORT" \
  --kafka-controller-port "$KAFKA_CONTROLLER_PORT" --s3-port "$S3_PORT" --postgres-port "$POSTGRES_PORT" \
  >"$BENCH_DIR/local-stack.log" 2>&1 &
STACK_PID=$!
wait_for "the benchmark's local stack" 180 test -f "$BENCH_DIR/stack/stack.env"
set -a; source "$BENCH_DIR/stack/stack.env"; set +a
export KAFKA_TOPIC="$TOPIC" SPARK_LOCAL_IP=127.0.0.1

CLASSPATH_JOB="$TARGET/bronze-streaming-job.jar:$(cat "$TARGET/classpath/runtime.classpath"):$(cat "$TARGET/classpath/provided.classpath")"
read -r -a JVM_OPTIONS <<<"$(java -cp "$CLASSPATH_JOB" dev.descheduler.lakehouse.JvmOptions)"
EXTRA_JVM_OPTIONS=()
bench() {
  java -Xmx"$SPARK_DRIVER_MEMORY" "${JVM_OPTIONS[@]}" "${EXTRA_JVM_OPTIONS[@]}" \
    -cp "$TARGET/test-classes:$CLASSPATH_JOB" dev.descheduler.bronze.BronzeBenchmark "$@"
}

produced="$(bench produce "$DATA" "$TOPIC" 3 2>"$BENCH_DIR/produce.log" | tail -1)" \
  || { echo "error: producing failed; see $BENCH_DIR/produce.log" >&2; exit 1; }
echo "$produced"
EVENTS="$(awk '{print $2}' <<<"$produced")"

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

echo "measuring in one JVM (-Xmx$SPARK_DRIVER_MEMORY): 1 warm-up round + $RUNS rounds of ceiling, Bronze, events sink alone"
if [[ "${PROFILE:-0}" == 1 ]]; then
  EXTRA_JVM_OPTIONS=("-XX:StartFlightRecording=filename=$BENCH_DIR/measure.jfr,settings=profile")
fi
bench measure "$TOPIC" "$EVENTS" "$RUNS" >"$BENCH_DIR/measure.out" 2>"$BENCH_DIR/measure.log" \
  || { echo "error: measuring failed; see $BENCH_DIR/measure.log" >&2; exit 1; }
grep -E '^(RESULT|DETAIL)' "$BENCH_DIR/measure.out" | sed -E 's/^(RESULT|DETAIL) /  /'
counted="$(grep '^RESULT run ' "$BENCH_DIR/measure.out")"
ceiling_median="$(sed -E 's/.*ceiling_events_per_s=([0-9]+).*/\1/' <<<"$counted" | median)"
bronze_median="$(sed -E 's/.*bronze_events_per_s=([0-9]+).*/\1/' <<<"$counted" | median)"
ratio_median="$(sed -E 's/.*ratio=([0-9.]+).*/\1/' <<<"$counted" | median)"
events_only_median="$(sed -E 's/.*events_sink_only_events_per_s=([0-9]+).*/\1/' <<<"$counted" | median)"

echo "the job as 'make bronze' runs it, its own JVM each time (-Xmx$SPARK_DRIVER_MEMORY), under GNU time"
rss_all=""
for run in $(seq "$RUNS"); do
  out="$BENCH_DIR/job-$run.out"
  BRONZE_NAMESPACE="bench_job_$run" BRONZE_CHECKPOINT_LOCATION="s3a://$MINIO_BUCKET/checkpoints/bench-job-$run" \
    /usr/bin/time -v -o "$BENCH_DIR/job-$run.time" java -Xmx"$SPARK_DRIVER_MEMORY" "${JVM_OPTIONS[@]}" \
    -cp "$CLASSPATH_JOB" dev.descheduler.bronze.BronzeStreamingJob --available-now >"$out" 2>"$BENCH_DIR/job-$run.log" \
    || { echo "error: the job failed; see $BENCH_DIR/job-$run.log" >&2; exit 1; }
  grep -q "bronze: wrote $EVENTS rows" "$out" || { echo "error: the job did not write $EVENTS rows: $(cat "$out")" >&2; exit 1; }
  rss="$(awk -F': ' '/Maximum resident set size/ {print $2}' "$BENCH_DIR/job-$run.time")"
  wall="$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$BENCH_DIR/job-$run.time")"
  rss_all+="$rss"$'\n'
  printf '  job run %s: wrote %s rows, wall %s (JVM and Spark start included), peak RSS %d MB, loadavg %s\n' \
    "$run" "$EVENTS" "$wall" "$((rss / 1024))" "$(cut -d' ' -f1-3 /proc/loadavg)"
done
rss_median="$(grep . <<<"$rss_all" | median)"

cat <<SUMMARY

Bronze benchmark: $EVENTS events ($(ls "$DATA"/*.ndjson.gz | wc -l) GH Archive files) in $(((EVENTS + 999) / 1000)) messages of 1000, $RUNS runs, medians
  ceiling (Kafka source + decode -> noop sink)  $ceiling_median events/s
  Bronze (available-now -> bronze.github_events) $bronze_median events/s
  ratio Bronze/ceiling                           $(awk -v b="$bronze_median" -v c="$ceiling_median" 'BEGIN {printf "%.2f", b / c}') of the medians, $ratio_median median of per-round ratios (target >= 0.60)
  diagnostic: events sink alone (no quarantine)  $events_only_median events/s
  peak RSS of the job JVM                        $((rss_median / 1024)) MB (median of $RUNS; measuring JVM peak: $(($(sed -nE 's/^RESULT peak_rss_kb=([0-9]+)/\1/p' "$BENCH_DIR/measure.out") / 1024)) MB)
  machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GB", $2 / 1048576}' /proc/meminfo), load average now $(cut -d' ' -f1-3 /proc/loadavg)
logs and profiles: $BENCH_DIR
SUMMARY
