#!/usr/bin/env bash
# Where the CPU goes when the collector takes /collect/batch, against its validate-only ceiling, per process and per
# collector thread group: what bounds the ratio that benchmarks/collector.sh reports on a machine whose cores the
# collector, the Kafka broker and wrk share.
#
# Needs the local stack (`make up`, or LocalStackMain on free ports) for its Kafka broker. Starts a collector of its own
# on BENCH_PORT (ack mode MODE, default durable; topic bench_collector, data under .data/bench-cpu), warms it up, then
# for each of RUNS rounds runs wrk (2 threads, 16 connections, 100 events per request, 16 s) on
# /ceiling/validate/batch and on /collect/batch and reads /proc over 8 s in the middle of each: CPU cores of the
# collector, of the broker's JVM and of wrk, CPU microseconds per event of each, and the collector's threads grouped
# by name (event loops, delivery workers, journal writer, GC, JIT ...). Does not check delivery: collector.sh does.
# Usage: benchmarks/collector-cpu.sh [RUNS=2]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
source "$ROOT/scripts/lib.sh"
RUNS="${1:-2}"
MODE="${MODE:-durable}"
source "$ROOT/benchmarks/collector-lib.sh"
KAFKA_PORT="${KAFKA_BOOTSTRAP_SERVERS##*:}"
BROKER_PID="$(ss -ltnpH "sport = :$KAFKA_PORT" | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2)"
[[ -n "$BROKER_PID" ]] || { echo "error: no process listens on Kafka's port $KAFKA_PORT" >&2; exit 1; }

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"; cleanup_bench_collector' EXIT
HZ="$(getconf CLK_TCK)"

ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; } # user + system CPU of a process, in clock ticks
thread_ticks() { # pid: "group ticks" per thread name with its numbers dropped (reactor-http-epoll-3 -> reactor-http-epoll)
  for task in /proc/"$1"/task/*; do
    printf '%s|%s\n' "$(cat "$task/comm" 2>/dev/null)" "$(awk '{print $14 + $15}' "$task/stat" 2>/dev/null)"
  done | sed -E 's/[-#]?[0-9]+\|/|/' | awk -F'|' '$2 != "" {s[$1] += $2} END {for (k in s) print k "|" s[k]}' | sort
}

start_bench_collector "$MODE" "$DATA_DIR/bench-cpu" "$LOG_DIR/bench-collector-cpu.log"
# JIT warm-up, not counted
wrk -t2 -c16 -d15s -s "$ROOT/benchmarks/collect-batch.lua" "$URL/collect/batch" >/dev/null
wrk -t2 -c16 -d5s -s "$ROOT/benchmarks/collect-batch.lua" "$URL/ceiling/validate/batch" >/dev/null

echo "== collector $COLLECTOR_JAR ($MODE), Kafka broker pid $BROKER_PID, load average $(cut -d' ' -f1-3 /proc/loadavg)"
for ((i = 1; i <= RUNS; i++)); do
  for endpoint in /ceiling/validate/batch /collect/batch; do
    wrk -t2 -c16 -d16s --latency -s "$ROOT/benchmarks/collect-batch.lua" "$URL$endpoint" >"$WORK/wrk.txt" &
    wrk_pid=$!
    sleep 2
    c0="$(ticks "$COLLECTOR_PID")" k0="$(ticks "$BROKER_PID")" w0="$(ticks "$wrk_pid")"
    thread_ticks "$COLLECTOR_PID" >"$WORK/threads.before"
    start=$EPOCHREALTIME
    sleep 8
    c1="$(ticks "$COLLECTOR_PID")" k1="$(ticks "$BROKER_PID")" w1="$(ticks "$wrk_pid")"
    thread_ticks "$COLLECTOR_PID" >"$WORK/threads.after"
    seconds="$(awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN {print b - a}')"
    wait "$wrk_pid"
    rps="$(awk '/Requests\/sec/ {print $2}' "$WORK/wrk.txt")"
    awk -v e="$endpoint" -v r="$rps" -v s="$seconds" -v hz="$HZ" -v c=$((c1 - c0)) -v k=$((k1 - k0)) -v w=$((w1 - w0)) '
      BEGIN {
        ev = r * 100; cc = c / hz / s; kc = k / hz / s; wc = w / hz / s
        printf " run %d %-24s %7.0f events/s  cores: collector %.2f broker %.2f wrk %.2f  CPU us/event: collector %.1f broker %.1f wrk %.1f\n",
          '"$i"', e, ev, cc, kc, wc, 1e6 * cc / ev, 1e6 * kc / ev, 1e6 * wc / ev
      }'
    join -t'|' "$WORK/threads.before" "$WORK/threads.after" |
      awk -F'|' -v hz="$HZ" -v s="$seconds" -v r="$rps" '{d = ($3 - $2) / hz / s; if (d >= 0.01) printf "%.2f|%s|%.1f\n", d, $1, 1e6 * d / (r * 100)}' |
      sort -t'|' -k1 -nr | awk -F'|' '{printf "     %-32s %5.2f cores %6.1f us/event\n", $2, $1, $3}'
  done
done
echo "== load average now $(cut -d' ' -f1-3 /proc/loadavg)"
stop_bench_collector
