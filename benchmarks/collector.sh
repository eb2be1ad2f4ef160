#!/usr/bin/env bash
# Measures the running collector (`make up` first) with wrk on real GH Archive events: /collect/batch with 100 events
# per request and /collect with one, RUNS runs of DURATION each, and prints every run and the median.
# Usage: benchmarks/collector.sh [RUNS=3] [DURATION=10s]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
RUNS="${1:-3}"
DURATION="${2:-10s}"
URL="${COLLECTOR_URL:-http://127.0.0.1:8000}"
DATA="$ROOT/../shared/data/gharchive-2015-01-01-15.ndjson.gz"
command -v wrk >/dev/null || { echo "error: wrk is missing: apt-get install -y wrk" >&2; exit 1; }
[[ -f "$DATA" ]] || { echo "error: $DATA not found" >&2; exit 1; }
EVENTS_FILE="$(mktemp)"
trap 'rm -f "$EVENTS_FILE"' EXIT
zcat "$DATA" >"$EVENTS_FILE"
export EVENTS_FILE

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

run() { # name connections endpoint script multiplier
  local name="$1" connections="$2" endpoint="$3" script="$4" per_request="$5" rates=() p99s=()
  for ((i = 1; i <= RUNS; i++)); do
    local out; out="$(wrk -t2 -c"$connections" -d"$DURATION" --latency -s "$ROOT/benchmarks/$script" "$URL$endpoint")"
    if grep -q "Non-2xx" <<<"$out"; then echo "error: $name got non-2xx answers:" >&2; echo "$out" >&2; exit 1; fi
    local rps; rps="$(awk '/Requests\/sec/ {print $2}' <<<"$out")"
    local p99; p99="$(awk '$1 == "99%" {print $2}' <<<"$out")"
    rates+=("$(awk -v r="$rps" -v m="$per_request" 'BEGIN {printf "%.0f", r * m}')")
    p99s+=("$p99")
    echo "$name run $i: ${rates[-1]} events/s, p99 $p99"
  done
  echo "$name median: $(printf '%s\n' "${rates[@]}" | median) events/s"
}

BATCH_EVENTS=100 run "/collect/batch (100 events/request, 16 connections)" 16 /collect/batch collect-batch.lua 100
run "/collect (1 event/request, 64 connections)" 64 /collect collect-single.lua 1
