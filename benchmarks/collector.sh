#!/usr/bin/env bash
# Collector benchmark on real GH Archive events, with its ceilings measured in the same run.
#
# Needs the local stack (`make up`) for its Kafka broker. For each ack mode (durable, memory) it starts a collector of
# its own on BENCH_PORT (topic bench_collector, data under .data/bench), and for each of RUNS rounds measures with wrk:
#   - the HTTP ceiling: the same server's /ceiling/collect[/batch] (reads the body, answers, does no work)
#   - the validate-only ceiling: /ceiling/validate[/batch], the real handlers (splitting, validating decode, ingest
#     ids, the answer) with a pipeline that acknowledges at once: no journal, no batching, no Kafka
#   - /collect/batch with 100 events per request (16 connections) and /collect with one event (64 connections)
# After each mode's rounds it checks that delivery kept up: the collector's queue, journal, spill and fallbacks drain
# to empty, no batch went to a fallback, and Kafka acknowledged every event the real endpoints accepted (warm-up
# included). Then the Kafka producer alone sending the same Avro batches (pipeline-cli bench-kafka).
# The collector runs with the caller's DELIVERY_WORKERS (batches encoded and sent at once; application.yml's default
# when unset), which the output records.
# Prints every run, the medians and the ratios. Usage: benchmarks/collector.sh [RUNS=3] [DURATION=10s]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
source "$ROOT/scripts/lib.sh"
RUNS="${1:-3}"
DURATION="${2:-10s}"
source "$ROOT/benchmarks/collector-lib.sh"
BENCH_DIR="$DATA_DIR/bench"
RAW_BYTES="$(wc -c <"$EVENTS_FILE")"
EVENTS="$(wc -l <"$EVENTS_FILE")"

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
# wrk prints latencies as 950.00us, 12.34ms or 1.20s; figures here are in ms
to_ms() { awk '{v = $1 + 0; if ($1 ~ /us$/) v /= 1000; else if ($1 ~ /[0-9]s$/) v *= 1000; printf "%.1f", v}' <<<"$1"; }

declare -A RESULTS # name -> space-separated events/s of every run
declare -A P99S    # name -> space-separated p99 of every run

measure() { # name connections endpoint script events_per_request
  local name="$1" connections="$2" endpoint="$3" script="$4" per_request="$5"
  local out; out="$(wrk -t2 -c"$connections" -d"$DURATION" --latency -s "$ROOT/benchmarks/$script" "$URL$endpoint")"
  if grep -q "Non-2xx" <<<"$out"; then echo "error: $name got non-2xx answers:" >&2; echo "$out" >&2; exit 1; fi
  local rps; rps="$(awk '/Requests\/sec/ {print $2}' <<<"$out")"
  local p50; p50="$(to_ms "$(awk '$1 == "50%" {print $2}' <<<"$out")")"
  local p99; p99="$(to_ms "$(awk '$1 == "99%" {print $2}' <<<"$out")")"
  local rate; rate="$(awk -v r="$rps" -v m="$per_request" 'BEGIN {printf "%.0f", r * m}')"
  RESULTS[$name]+="$rate "
  P99S[$name]+="$p99 "
  printf '  %-28s %8s events/s  p50 %7s ms  p99 %7s ms\n' "$name" "$rate" "$p50" "$p99"
}

start_collector() { # ack mode
  start_bench_collector "$1" "$BENCH_DIR/$1" "$LOG_DIR/bench-collector-$1.log"
  # JIT warm-up, not counted
  wrk -t2 -c16 -d5s -s "$ROOT/benchmarks/collect-batch.lua" "$URL/collect/batch" >/dev/null
  wrk -t2 -c64 -d5s -s "$ROOT/benchmarks/collect-single.lua" "$URL/collect" >/dev/null
}

metric_sum() { # prometheus text, metric name: sum over all label sets
  awk -v m="$2" '$1 == m || index($1, m "{") == 1 {s += $2} END {printf "%.0f", s}' <<<"$1"
}

check_delivery() { # ack mode: fails unless everything accepted reached Kafka and nothing is left behind
  local health="" deadline=$((SECONDS + 180))
  while ((SECONDS < deadline)); do
    health="$(curl -fsS "$URL/health")"
    # Map.of in /health has no fixed key order: a value ends with ',' or '}'
    # undelivered_events counts the batch being filled (up to BATCH_MAX_TIME), which the queue no longer holds
    if grep -Eq '"undelivered_events":0[,}]' <<<"$health" && grep -Eq '"pending_events":0[,}]' <<<"$health" &&
      grep -Eq '"files":0[,}]' <<<"$health" && grep -Eq '"local_files":0[,}]' <<<"$health" &&
      grep -Eq '"landing_zone_pending":0[,}]' <<<"$health"; then
      break
    fi
    sleep 1
  done
  local metrics; metrics="$(curl -fsS "$URL/metrics")"
  local received rejected in_kafka fallbacks
  received="$(metric_sum "$metrics" metrics_received_total)"
  rejected="$(metric_sum "$metrics" metrics_rejected_total)"
  in_kafka="$(metric_sum "$metrics" kafka_batch_size_sum)"
  fallbacks="$(metric_sum "$metrics" kafka_fallback_batches_total)"
  local accepted=$((received - rejected))
  echo "  delivery ($1): $accepted events accepted, $in_kafka acknowledged by Kafka, $fallbacks batches to a fallback; health: $health"
  if ((accepted != in_kafka || fallbacks != 0)); then
    echo "error: delivery did not keep up in $1 mode" >&2
    exit 1
  fi
}

echo "== collector $COLLECTOR_JAR, DELIVERY_WORKERS=${DELIVERY_WORKERS:-default}, load average $(cut -d' ' -f1-3 /proc/loadavg)"
for mode in durable memory; do
  echo "== ack mode $mode"
  start_collector "$mode"
  for ((i = 1; i <= RUNS; i++)); do
    echo " run $i"
    measure "ceiling-batch/$mode" 16 /ceiling/collect/batch collect-batch.lua 100
    measure "validate-batch/$mode" 16 /ceiling/validate/batch collect-batch.lua 100
    measure "batch/$mode" 16 /collect/batch collect-batch.lua 100
    measure "ceiling-single/$mode" 64 /ceiling/collect collect-single.lua 1
    measure "validate-single/$mode" 64 /ceiling/validate collect-single.lua 1
    measure "single/$mode" 64 /collect collect-single.lua 1
  done
  check_delivery "$mode"
  stop_bench_collector
done

echo "== Kafka producer alone, the same Avro batches (1000 events each): the plain producer and Spring Kafka's template (the collector's client), same runs"
KAFKA_OUT="$("$JAVA" -jar "$ROOT/pipeline-cli/target/pipeline-cli.jar" bench-kafka --runs "$RUNS" \
  --bootstrap-servers "$KAFKA_BOOTSTRAP_SERVERS" "$DATA")"
echo "$KAFKA_OUT"
KAFKA_CEILING="$(awk '/producer ceiling median/ {print $(NF-1)}' <<<"$KAFKA_OUT")"

echo
echo "== summary: medians of $RUNS runs of $DURATION; $EVENTS events, $RAW_BYTES bytes of raw JSON ($DATA); load average now $(cut -d' ' -f1-3 /proc/loadavg)"
for mode in durable memory; do
  for kind in batch single; do
    got="$(tr ' ' '\n' <<<"${RESULTS[$kind/$mode]}" | grep . | median)"
    ceiling="$(tr ' ' '\n' <<<"${RESULTS[ceiling-$kind/$mode]}" | grep . | median)"
    validate="$(tr ' ' '\n' <<<"${RESULTS[validate-$kind/$mode]}" | grep . | median)"
    p99="$(tr ' ' '\n' <<<"${P99S[$kind/$mode]}" | grep . | median)"
    awk -v k="$kind" -v m="$mode" -v g="$got" -v c="$ceiling" -v v="$validate" -v p="$p99" -v kc="$KAFKA_CEILING" 'BEGIN {
      printf "%-7s %-8s %8d events/s  = %5.1f%% of validate-only (%d)  = %5.1f%% of the HTTP ceiling (%d)  = %5.1f%% of the Kafka producer ceiling (%d)  p99 %s ms\n",
        k, m, g, 100 * g / v, v, 100 * g / c, c, 100 * g / kc, kc, p }'
  done
done
