#!/usr/bin/env bash
# Freshness of Bronze: time from the collector accepting an event to the event being readable in Bronze, with the
# Bronze stream on a processing-time trigger (BRONZE_TRIGGER_INTERVAL, default 10s). Needs `make up`. Per run it
# replays the GH Archive sample into the collector at a steady RATE (events/s), waits for the stream to catch up, and
# computes, for every event of the run, the commit time of the Iceberg snapshot that added its data file minus its
# received_at (set when the collector took the request, a few ms before the 2xx). Prints p50/p95/p99 per run.
# Usage: benchmarks/bronze-freshness.sh [RUNS=3] [RATE=1000]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
source "$ROOT/scripts/lib.sh"
RUNS="${1:-3}"
RATE="${2:-1000}"
export BRONZE_TRIGGER_INTERVAL="${BRONZE_TRIGGER_INTERVAL:-10s}"
[[ -f "$DATA_DIR/stack/stack.env" ]] || { echo "error: run 'make up' first" >&2; exit 1; }
is_running sql-endpoint || { echo "error: the SQL endpoint is not running: run 'make up' first" >&2; exit 1; }
started_stream=false
if ! is_running bronze-stream; then
  "$ROOT/scripts/bronze-stream.sh"
  started_stream=true
fi
trap '$started_stream && stop_process bronze-stream 60' EXIT
CLI=(java -Xmx512m -jar "$ROOT/pipeline-cli/target/pipeline-cli.jar")
for ((run = 1; run <= RUNS; run++)); do
  since="$(date -u +%Y-%m-%dT%H:%M:%S)"
  "${CLI[@]}" inject --url "http://localhost:${COLLECTOR_PORT:-8000}" --mode batch --batch-size 50 --concurrency 2 \
    --rate "$RATE" "$ROOT/../shared/data" | grep -E "^(accepted|rate)"
  sleep "$((${BRONZE_TRIGGER_INTERVAL%s} * 3))"
  echo "run $run (trigger $BRONZE_TRIGGER_INTERVAL, $RATE events/s), freshness in ms:"
  "$ROOT/scripts/sql.sh" --silent=true --outputformat=table -e "
SELECT count(*) AS events,
       percentile(lag_ms, 0.5) AS p50_ms, percentile(lag_ms, 0.95) AS p95_ms, percentile(lag_ms, 0.99) AS p99_ms
FROM (SELECT unix_millis(s.committed_at) - unix_millis(b.received_at) AS lag_ms
      FROM bronze.github_events b
      JOIN bronze.github_events.entries e ON b._file = e.data_file.file_path AND e.status = 1
      JOIN bronze.github_events.snapshots s ON e.snapshot_id = s.snapshot_id
      WHERE b.received_at >= TIMESTAMP '$since') t;" 2>/dev/null
done
