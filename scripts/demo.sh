#!/usr/bin/env bash
# Replays events into the running collector, waits until they have left its queue, reconciles them against what
# reached Kafka (and the fallbacks), lands them in Bronze and Silver, reconciles the layers, builds Gold with dbt and
# answers a few questions through the SQL endpoint. Runs after `make up`.
source "$(dirname "$0")/lib.sh"
load_env
set -a; source "$DATA_DIR/stack/stack.env"; set +a

COLLECTOR_URL="http://localhost:${COLLECTOR_PORT:-8000}"
CLI=(pipeline_cli)
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

# The demo runs the jobs itself first; a pipeline run started meanwhile (Airflow's run for the latest hourly tick,
# or the Bronze watcher seeing the demo's commit) would write the same tables and build Gold while Silver is filling.
echo "== Airflow: github_events_pipeline paused while the demo runs the jobs directly; it runs through Airflow at the end"
# Wait first, pause then: the scheduler does not advance the runs of a paused DAG, so a run in progress would wait
# for the unpause forever.
wait_for "the github_events_pipeline run in progress to finish" 1800 pipeline_idle
"${CLI[@]}" airflow pause github_events_pipeline
trap '"${CLI[@]}" airflow unpause github_events_pipeline >/dev/null' EXIT

"${CLI[@]}" inject --url "$COLLECTOR_URL" --mode batch --batch-size 100 --concurrency 4 \
  --accepted-out "$OUT/accepted.txt" --summary-json "$OUT/inject.json" "${source_args[@]}"

echo "waiting for the collector to hand every acknowledged event to Kafka..."
queue_empty() {
  curl -fsS "$COLLECTOR_URL/health" | python3 -c '
import json, sys
h = json.load(sys.stdin)
sys.exit(0 if h["undelivered_events"] == 0 and h["spill"]["files"] == 0 and h.get("journal", {}).get("pending_events", 0) == 0 else 1)'
}
wait_for "collector drain" 120 queue_empty

"${CLI[@]}" reconcile --accepted "$OUT/accepted.txt" \
  --bootstrap-servers "$KAFKA_BOOTSTRAP_SERVERS" --topic "${KAFKA_TOPIC:-github_events_avro}" \
  --s3-endpoint "$MINIO_ENDPOINT" --s3-bucket "$MINIO_BUCKET" \
  --s3-access-key "$MINIO_ROOT_USER" --s3-secret-key "$MINIO_ROOT_PASSWORD" \
  --fallback-dir "${KAFKA_FALLBACK_DIR:-$DATA_DIR/collector/fallback}" \
  --summary-json "$OUT/reconcile.json"

# runs a job with its logs in a file of this run; on failure shows their end and stops the demo
job() { # name command...
  local name="$1"; shift
  if ! "$@" 2>"$OUT/$name.log" | tee "$OUT/$name.out"; then
    echo "error: $name failed; the end of $OUT/$name.log:" >&2
    tail -20 "$OUT/$name.log" >&2
    exit 1
  fi
}

echo
echo "== Bronze: landing what Kafka holds (available-now run)"
job bronze "$ROOT/scripts/job.sh" bronze
echo "== Silver: parsing and deduplicating what Bronze committed since the last run"
job silver "$ROOT/scripts/job.sh" silver

echo "== A few answers, read through the SQL endpoint"
"$ROOT/scripts/sql.sh" --silent=true --outputformat=table -e "
SELECT 'bronze.github_events' AS layer, count(*) AS events_in_table FROM bronze.github_events
UNION ALL SELECT 'silver.github_events', count(*) FROM silver.github_events
UNION ALL SELECT 'silver.github_events_rejected', count(*) FROM silver.github_events_rejected;
SELECT repo_name, count(*) AS events FROM silver.github_events GROUP BY repo_name ORDER BY events DESC LIMIT 10;
SELECT event_type, count(*) AS events, count(DISTINCT actor_id) AS actors FROM silver.github_events
GROUP BY event_type ORDER BY events DESC;" 2>"$OUT/sql.log"

echo
echo "== Gold: dbt builds the marts from Silver and tests them"
job gold "$ROOT/scripts/job.sh" gold
echo "== Layers: every accepted event in Bronze once, every GitHub event in Silver once (or rejected with a reason),"
echo "   events per type and day in Gold = Silver"
"${CLI[@]}" reconcile-layers --accepted "$OUT/accepted.txt" \
  --jdbc-url "jdbc:hive2://127.0.0.1:${SPARK_THRIFT_PORT:-10000}/default" --summary-json "$OUT/layers-gold.json"
echo "== A few answers from Gold, read through the SQL endpoint"
"$ROOT/scripts/sql.sh" --silent=true --outputformat=table -e "
SELECT r.repo_name, sum(f.stars) AS stars FROM gold.fct_repo_daily_activity f JOIN gold.dim_repos r USING (repo_id)
GROUP BY r.repo_name ORDER BY stars DESC, r.repo_name LIMIT 10;
SELECT actor_login, lifetime_events AS events, lifetime_activity_score AS activity_score FROM gold.dim_actors
WHERE NOT is_bot ORDER BY activity_score DESC, actor_login LIMIT 10;
SELECT count(*) AS merged_pull_requests, round(percentile(hours_to_merge, 0.5), 2) AS median_hours_to_merge
FROM gold.fct_pull_requests WHERE hours_to_merge IS NOT NULL;" 2>"$OUT/gold-sql.log"

echo
echo "== Airflow: the same pipeline as the DAG github_events_pipeline runs it (bronze_catch_up -> silver -> one task"
echo "   per dbt model and test -> source_freshness), triggered through the REST API; nothing new has arrived, so"
echo "   the run must leave every layer as it is"
"${CLI[@]}" airflow unpause github_events_pipeline
if ! PIPELINE_TIMEOUT="${PIPELINE_TIMEOUT:-PT45M}" "$ROOT/scripts/pipeline.sh" --run-id "demo__$RUN_ID" \
  | tee "$OUT/airflow.out"; then
  echo "error: the Airflow run failed; see the failed tasks above, their logs with" >&2
  echo "  java -jar pipeline-cli/target/pipeline-cli.jar airflow logs github_events_pipeline demo__$RUN_ID <task>" >&2
  exit 1
fi
echo "== Layers after the Airflow run: the same events, once each"
"${CLI[@]}" reconcile-layers --accepted "$OUT/accepted.txt" \
  --jdbc-url "jdbc:hive2://127.0.0.1:${SPARK_THRIFT_PORT:-10000}/default" --summary-json "$OUT/layers-airflow.json"

cat <<MSG

Demo run $RUN_ID done; its files are in $OUT.
Look around:  curl -s $COLLECTOR_URL/health | python3 -m json.tool
              curl -s $COLLECTOR_URL/metrics | grep -E '^(kafka_|metrics_|api_)'
              make sql    (then e.g.  SELECT * FROM silver.github_events LIMIT 5;)
              Airflow UI  http://127.0.0.1:${AIRFLOW_PORT:-8080}/dags/github_events_pipeline  (user admin, password: make status)
              make pipeline   (one more run through Airflow, followed to its end)
              java -jar pipeline-cli/target/pipeline-cli.jar trace <GitHub event id or ingest_id>
The stack keeps running; 'make down' stops it.
MSG
