#!/usr/bin/env bash
# Replays events into the running collector, waits until they have left its queue, and reconciles them against
# what reached Kafka (and the fallbacks). Runs after `make up`.
source "$(dirname "$0")/lib.sh"
load_env
set -a; source "$DATA_DIR/stack/stack.env"; set +a

COLLECTOR_URL="http://localhost:${COLLECTOR_PORT:-8000}"
CLI=(java -Xmx512m -jar "$ROOT/pipeline-cli/target/pipeline-cli.jar")
SHARED_DATA="$ROOT/../shared/data"
RUN_ID="$(date -u +%Y%m%dT%H%M%SZ)"
OUT="$DATA_DIR/demo/$RUN_ID"
mkdir -p "$OUT"

source_args=()
if [[ -n "${INPUT:-}" ]]; then
  [[ -e "$INPUT" ]] || { echo "error: INPUT=$INPUT does not exist" >&2; exit 1; }
  echo "input: your file $INPUT"
  source_args=("$INPUT")
elif compgen -G "$SHARED_DATA/*.ndjson.gz" >/dev/null; then
  echo "input: the GH Archive sample in $SHARED_DATA (52,480 real events of 2015-01-01)"
  source_args=("$SHARED_DATA")
elif curl -fsS --max-time 5 -o /dev/null -r 0-0 "https://data.gharchive.org/2015-01-01-15.json.gz" 2>/dev/null; then
  echo "input: the online GH Archive hour 2015-01-01-15"
  source_args=(--gharchive-hour 2015-01-01-15)
else
  echo "input: 20,000 generated events (no INPUT, no ../shared/data, and GH Archive is not reachable)"
  source_args=(--generate 20000)
fi

"${CLI[@]}" inject --url "$COLLECTOR_URL" --mode batch --batch-size 100 --concurrency 4 \
  --accepted-out "$OUT/accepted.txt" --summary-json "$OUT/inject.json" "${source_args[@]}"

echo "waiting for the collector to hand every acknowledged event to Kafka..."
queue_empty() {
  curl -fsS "$COLLECTOR_URL/health" | python3 -c '
import json, sys
h = json.load(sys.stdin)
sys.exit(0 if h["queue_size"] == 0 and h["spill"]["files"] == 0 and h.get("journal", {}).get("pending_events", 0) == 0 else 1)'
}
wait_for "collector drain" 120 queue_empty

"${CLI[@]}" reconcile --accepted "$OUT/accepted.txt" \
  --bootstrap-servers "$KAFKA_BOOTSTRAP_SERVERS" --topic "${KAFKA_TOPIC:-github_events_avro}" \
  --s3-endpoint "$MINIO_ENDPOINT" --s3-bucket "$MINIO_BUCKET" \
  --s3-access-key "$MINIO_ROOT_USER" --s3-secret-key "$MINIO_ROOT_PASSWORD" \
  --fallback-dir "${KAFKA_FALLBACK_DIR:-$DATA_DIR/collector/fallback}" \
  --summary-json "$OUT/reconcile.json"

cat <<MSG

Demo run $RUN_ID done; its files are in $OUT.
Look around:  curl -s $COLLECTOR_URL/health | python3 -m json.tool
              curl -s $COLLECTOR_URL/metrics | grep -E '^(kafka_|metrics_|api_)'
The stack keeps running; 'make down' stops it.
MSG
