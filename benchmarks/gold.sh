#!/usr/bin/env bash
# Gold's dbt build times against the running SQL endpoint (`make up`, Silver built, e.g. by `make demo`):
#   1. the real sample as Silver holds it: a full `dbt build` (models + tests), per-model times;
#   2. a scaled Silver of SCALE copies of it (ids shifted, one day per copy) in namespace silver_bench:
#      a full `dbt run --full-refresh`, then one new hour of events (hour 15 of the sample, on a new day) and an
#      incremental `dbt run`, then a full refresh again on the same data, all in this run;
#   3. the floor: an incremental `dbt run` with nothing new (parse, relation listing and one query per model).
# Usage: [SAMPLE_RUNS=RUNS] benchmarks/gold.sh [RUNS=3] [SCALE=25]     prints one line per measurement; medians go to docs/benchmarks.md
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
RUNS="${1:-3}"
SCALE="${2:-25}"
SAMPLE_RUNS="${SAMPLE_RUNS:-$RUNS}" # SAMPLE_RUNS=0 skips step 1
DBT="$ROOT/scripts/dbt.sh"
SQL="$ROOT/scripts/sql.sh"
OUT="$ROOT/.data/benchmarks/gold-$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$OUT"
export DBT_TARGET_PATH="$OUT/target"

# beeline prints the prompt ("0: jdbc:hive2://...> ") in front of a statement's first output line: strip it
sql() { "$SQL" --silent=true --outputformat=tsv2 --showHeader=false -e "$1" 2>>"$OUT/sql.log" \
  | sed -E 's/^[0-9]+: jdbc:hive2:[^>]*> ?//' | grep -v '^$' || true; }

# prints "<label> <seconds> <model>=<s> ...; ...; statements ..." from the run_results.json and the debug log of the
# last dbt command: how long its SQL statements took on the endpoint, MERGEs apart from the rest
timed_dbt() { # label dbt-args...
  local label="$1"; shift
  local start end
  start=$(date +%s.%N)
  "$DBT" --quiet "$@" >>"$OUT/dbt.log" 2>&1
  end=$(date +%s.%N)
  python3 - "$label" "$start" "$end" "$DBT_TARGET_PATH/run_results.json" "$DBT_TARGET_PATH/logs/dbt.log" <<'PY'
import json, re, sys
label, start, end, path, log = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), sys.argv[4], sys.argv[5]
lines = open(log, errors="replace").read().split("\n")
lines = lines[max(i for i, l in enumerate(lines) if "Running with dbt=" in l):]
merge, other, statement = [], [], ""
for line in lines:
    if re.search(r"\bOn [\w.]+: ", line):
        statement = ""
    statement += line.lower()
    took = re.search(r"SQL status: OK in ([0-9.]+) seconds", line)
    if took:
        (merge if "merge into" in statement else other).append(float(took.group(1)))
results = json.load(open(path))["results"]
models = sorted((r for r in results if r["unique_id"].startswith("model.")), key=lambda r: -r["execution_time"])
tests = sum(r["execution_time"] for r in results if not r["unique_id"].startswith("model."))
print(f"{label}: {end - start:.1f} s wall; models " + " ".join(
    f"{r['unique_id'].split('.')[-1]}={r['execution_time']:.1f}" for r in models) + f"; tests {tests:.1f} s"
    + f"; statements: {len(merge)} MERGE {sum(merge):.1f} s, {len(other)} others {sum(other):.1f} s")
PY
}

silver_rows=$(sql "SELECT count(*) FROM silver.github_events")
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GB; load average $(cut -d' ' -f1-3 /proc/loadavg) (shared, noisy)"
echo "sample: silver.github_events holds $silver_rows rows"

for run in $(seq "$SAMPLE_RUNS"); do
  GOLD_NAMESPACE=gold_bench_sample timed_dbt "sample full build (run $run)" build --full-refresh
done

echo "scaling Silver: $SCALE copies of the sample into silver_bench.github_events"
# SHOW COLUMNS is not supported for Iceberg (v2) tables: DESCRIBE lists the columns, then "# Partitioning"
columns=$(sql "DESCRIBE silver.github_events" | cut -f1 | tr -d ' ' | awk '/^#/ {exit} NF' | paste -sd, -)
shifted=$(echo "$columns" | sed -e 's/\bevent_id\b/cast(cast(event_id AS bigint) + copy * 100000000000 AS string) AS event_id/' \
  -e 's/\bcreated_at\b/created_at + make_interval(0, 0, 0, copy) AS created_at/' \
  -e 's/\bcreated_date\b/date_add(created_date, copy) AS created_date/' \
  -e 's/\bpr_merged_at\b/pr_merged_at + make_interval(0, 0, 0, copy) AS pr_merged_at/' \
  -e 's/\bsilver_loaded_at\b/TIMESTAMP "2026-01-01 00:00:00" AS silver_loaded_at/')
sql "CREATE NAMESPACE IF NOT EXISTS silver_bench;
DROP TABLE IF EXISTS silver_bench.github_events;
CREATE TABLE silver_bench.github_events USING iceberg PARTITIONED BY (days(created_at)) AS
SELECT $shifted FROM silver.github_events CROSS JOIN (SELECT CAST(id AS INT) AS copy FROM range($SCALE)) copies
WHERE hour(created_at) <> 15;"
scaled=$(sql "SELECT count(*) FROM silver_bench.github_events")
if [[ -z "$scaled" ]]; then
  echo "error: building silver_bench.github_events failed; the SQL errors are in $OUT/sql.log" >&2
  exit 1
fi
echo "scaled: $scaled rows"

export SILVER_NAMESPACE=silver_bench GOLD_NAMESPACE=gold_bench
for run in $(seq "$RUNS"); do
  timed_dbt "1M full refresh (run $run)" run --full-refresh
  timed_dbt "1M nothing new, floor (run $run)" run
  # one new hour: hour 15 of the sample on the last day, loaded now
  new_hour=$(echo "$shifted" | sed -e "s/copy \* 100000000000/$((SCALE + run)) * 100000000000/" \
    -e "s/make_interval(0, 0, 0, copy)/make_interval(0, 0, 0, $((SCALE - 1)))/" \
    -e "s/date_add(created_date, copy)/date_add(created_date, $((SCALE - 1)))/" \
    -e "s/pr_merged_at + make_interval(0, 0, 0, copy)/pr_merged_at + make_interval(0, 0, 0, $((SCALE - 1)))/" \
    -e "s/TIMESTAMP \"2026-01-01 00:00:00\"/current_timestamp()/")
  sql "INSERT INTO silver_bench.github_events SELECT $new_hour FROM silver.github_events WHERE hour(created_at) = 15"
  timed_dbt "1M one new hour, incremental (run $run)" run
done
timed_dbt "1M+hours full build with tests" build --full-refresh
echo "logs: $OUT"
