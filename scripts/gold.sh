#!/usr/bin/env bash
# Builds Gold (make gold): checks Silver's freshness, runs `dbt build` (models, unit tests, data tests) against the
# SQL endpoint, writes dbt's docs site and prints a summary. Exits non-zero when a model or test fails, after the
# summary. Extra arguments go to `dbt build` (e.g. `scripts/gold.sh --full-refresh`).
port_from_caller="${SPARK_THRIFT_PORT:-}"
source "$(dirname "$0")/lib.sh"
load_env
PORT="${port_from_caller:-${SPARK_THRIFT_PORT:-10000}}"
export SPARK_THRIFT_PORT="$PORT"
DBT="$ROOT/scripts/dbt.sh"
TARGET="${DBT_TARGET_PATH:-$ROOT/dbt_project/target}"

if port_free "$PORT"; then
  echo "error: no SQL endpoint listens on 127.0.0.1:$PORT: start it with 'make up' (or set SPARK_THRIFT_PORT)" >&2
  exit 1
fi

echo "== Silver freshness (warn after 6 h without a load, error after 24 h)"
"$DBT" --quiet source freshness

echo "== dbt build (models, unit tests, data tests)"
build_rc=0
started_at="$(date +%s)"
"$DBT" build "$@" || build_rc=$?
# the run's outcome (duration, success or failure, tests passed and failed) and Gold's freshness (the newest
# received_at it has taken in, read through the SQL endpoint) to the Pushgateway that scripts/job.sh found, as the
# Spark jobs push theirs; a results file older than this run is a failure that wrote none. Reporting
# never changes the build's exit status.
if [[ -n "${PUSHGATEWAY_URL:-}" ]]; then
  pipeline_cli dbt-metrics --run-results "$TARGET/run_results.json" --started-at "$started_at" \
    --table "${ICEBERG_CATALOG:-lakehouse}.${GOLD_NAMESPACE:-gold}" \
    --manifest "$TARGET/manifest.json" --jdbc-url "jdbc:hive2://${DBT_SPARK_HOST:-127.0.0.1}:$PORT/default" \
    || echo "warning: the dbt run's metrics were not pushed to $PUSHGATEWAY_URL" >&2
fi
# docs generate writes its own run_results.json: keep the build's for the summary
cp "$TARGET/run_results.json" "$TARGET/build_results.json"

echo "== dbt docs generate (lineage site in $TARGET/index.html; 'make dbt ARGS=\"docs serve\"' serves it)"
"$DBT" --quiet docs generate

echo "== Summary"
python3 - "$TARGET/build_results.json" <<'PY'
import collections, json, sys
results = json.load(open(sys.argv[1]))["results"]
by_kind = collections.defaultdict(collections.Counter)
for r in results:
    kind = r["unique_id"].split(".")[0]
    by_kind[kind][r["status"]] += 1
for kind in ("model", "unit_test", "test"):
    counts = by_kind.get(kind)
    if counts:
        print(f"  {kind + 's:':12}" + ", ".join(f"{n} {status}" for status, n in sorted(counts.items())))
slowest = sorted((r for r in results if r["unique_id"].startswith("model.")), key=lambda r: -r["execution_time"])
print("  model times: " + ", ".join(f"{r['unique_id'].split('.')[-1]} {r['execution_time']:.1f}s" for r in slowest))
failed = [r["unique_id"] for r in results if r["status"] in ("error", "fail")]
for f in failed:
    print(f"  FAILED: {f}")
PY
if ((build_rc == 0)); then
  echo "  rows:"
  "$DBT" --quiet run-operation print_gold_row_counts
fi
exit "$build_rc"
