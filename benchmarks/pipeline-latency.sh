#!/usr/bin/env bash
# Pipeline latency through Airflow: from events acknowledged by the collector to the same events counted in Gold,
# with the Bronze stream running and github_events_pipeline started by the bronze_commits asset watcher (no manual
# trigger). Needs `make up`; starts `make bronze-stream` when it is not running (and stops it again).
# Per batch it replays one hour file of the GH Archive sample (../shared/data) into the collector, notes when the
# last event was acknowledged, and polls Gold (gold.fct_event_type_hourly, that hour) every POLL_S seconds until it
# counts every distinct event of the file. Then, for every pipeline run since the start, Airflow's overhead: the
# run's duration minus the sum of its tasks' durations (time spent between tasks: scheduling, queueing), and the
# run's duration against the same jobs run directly (silver + dbt build) as the ceiling, measured in this run.
# Usage: benchmarks/pipeline-latency.sh [BATCHES=3]      prints one line per batch and per run
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
source "$ROOT/scripts/lib.sh"
load_env
BATCHES="${1:-3}"
POLL_S="${POLL_S:-10}"
SHARED="$ROOT/../shared/data"
OUT="$DATA_DIR/benchmarks/pipeline-latency-$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$OUT"
[[ -f "$DATA_DIR/stack/stack.env" ]] || { echo "error: run 'make up' first" >&2; exit 1; }
is_running airflow-api-server || { echo "error: Airflow is not running: run 'make up' first" >&2; exit 1; }
compgen -G "$SHARED/*.ndjson.gz" >/dev/null || { echo "error: no GH Archive sample in $SHARED" >&2; exit 1; }
started_stream=false
if ! is_running bronze-stream; then
  "$ROOT/scripts/bronze-stream.sh"
  started_stream=true
fi
trap '$started_stream && stop_process bronze-stream 60' EXIT

sql() { "$ROOT/scripts/sql.sh" --silent=true --outputformat=tsv2 --showHeader=false -e "$1" 2>>"$OUT/sql.log" \
  | sed -E 's/^[0-9]+: jdbc:hive2:[^>]*> ?//' | grep -v '^$' || true; }

# start from an idle pipeline: a run in progress (the one Airflow starts for the latest hourly tick) would add its rest
wait_for "no github_events_pipeline run in progress" 1800 pipeline_idle
since="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
mapfile -t files < <(ls "$SHARED"/*.ndjson.gz | sort -V)
for ((batch = 0; batch < BATCHES && batch < ${#files[@]}; batch++)); do
  file="${files[$batch]}"
  hour="$(basename "$file" | sed -E 's/gharchive-([0-9-]+)-([0-9]+)\.ndjson\.gz/\1 \2/')"
  day="${hour% *}"; hh="$(printf %02d "${hour#* }")"
  expected="$(zcat "$file" | python3 -c 'import json, sys; print(len({json.loads(l)["id"] for l in sys.stdin if l.strip()}))')"
  pipeline_cli inject --url "http://localhost:${COLLECTOR_PORT:-8000}" --mode batch --batch-size 100 \
    --concurrency 4 "$file" >"$OUT/inject-$batch.log"
  acknowledged=$(date +%s.%N)
  while :; do
    in_gold="$(sql "SELECT coalesce(sum(events), 0) FROM gold.fct_event_type_hourly
                    WHERE event_hour = TIMESTAMP '$day $hh:00:00'")"
    [[ "${in_gold:-0}" -ge "$expected" ]] && break
    sleep "$POLL_S"
  done
  visible=$(date +%s.%N)
  python3 -c "import sys; print(f'batch {sys.argv[1]} ({sys.argv[2]}, {sys.argv[3]} events): in Gold {float(sys.argv[5]) - float(sys.argv[4]):.0f} s after acknowledgement')" \
    "$batch" "$(basename "$file")" "$expected" "$acknowledged" "$visible"
done

# Airflow's share of each run since the start: the run's wall time against the sum of what its tasks ran
pipeline_cli airflow runs github_events_pipeline --limit 50 >"$OUT/runs.txt"
awk -v since="$since" 'NR > 1 && $4 >= since && $2 == "success" {print $1}' "$OUT/runs.txt" | while read -r run; do
  pipeline_cli airflow tasks github_events_pipeline "$run" >"$OUT/tasks-${run//[:+]/_}.txt"
  run_s="$(awk -v run="$run" '$1 == run {print $(NF-1)}' "$OUT/runs.txt")"
  python3 - "$run" "$run_s" "$OUT/tasks-${run//[:+]/_}.txt" <<'PY'
import re, sys
run, run_s, tasks = sys.argv[1], float(sys.argv[2]), open(sys.argv[3]).read().splitlines()
durations = {line.split()[0]: float(m.group(1)) for line in tasks if (m := re.search(r"([0-9.]+) s$", line))}
total = sum(durations.values())
jobs = {k: v for k, v in durations.items() if k in ("bronze_catch_up", "silver", "source_freshness")}
gold = total - sum(jobs.values())
print(f"run {run}: {run_s:.0f} s, tasks {total:.0f} s (bronze_catch_up {durations.get('bronze_catch_up', 0):.0f},"
      f" silver {durations.get('silver', 0):.0f}, gold {gold:.0f} in {len(durations) - len(jobs)} tasks),"
      f" between tasks {run_s - total:.0f} s = {100 * (run_s - total) / run_s:.0f}% of the run")
PY
done

# the ceiling: the same jobs run directly, back to back, on nothing new (the floor of one pipeline pass)
start=$(date +%s.%N)
"$ROOT/scripts/job.sh" silver >"$OUT/direct-silver.log" 2>&1
"$ROOT/scripts/dbt.sh" --quiet build >"$OUT/direct-dbt.log" 2>&1
end=$(date +%s.%N)
python3 -c "import sys; print(f'direct: silver + dbt build on nothing new {float(sys.argv[2]) - float(sys.argv[1]):.0f} s')" "$start" "$end"
echo "logs: $OUT"
