#!/usr/bin/env bash
# Writes the dbt manifest the Airflow DAGs render Gold from (airflow/target/dbt/manifest.json), atomically.
# It is not dbt_project/target/manifest.json: every dbt command (each Gold task, `make gold`) rewrites that file in
# place, and the DAG processor, parsing every 30 s, read it half-written ("file is not valid JSON") and marked
# github_events_pipeline broken. This one changes only here, by a rename, so a parse sees the old or the new file.
source "$(dirname "$0")/lib.sh"
load_env
out="$ROOT/airflow/target/dbt"
mkdir -p "$out"
work="$(mktemp -d "$out/parse.XXXXXX")"
trap 'rm -rf "$work"' EXIT
DBT_TARGET_PATH="$work" DBT_LOG_PATH="$work/logs" "$ROOT/scripts/dbt.sh" --quiet parse
mv -f "$work/manifest.json" "$out/manifest.json"
