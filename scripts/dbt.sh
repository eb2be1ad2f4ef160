#!/usr/bin/env bash
# Runs dbt from .venv-dbt on dbt_project/ against the SQL endpoint (make dbt ARGS="..."). The connection comes from
# dbt_project/profiles.yml, which reads SPARK_THRIFT_PORT, GOLD_NAMESPACE, ... from the environment and .env.
port_from_caller="${SPARK_THRIFT_PORT:-}"
source "$(dirname "$0")/lib.sh"
load_env
if [[ -n "$port_from_caller" ]]; then
  export SPARK_THRIFT_PORT="$port_from_caller"
fi
DBT_VENV="${DBT_VENV:-$ROOT/.venv-dbt}"
if [[ ! -x "$DBT_VENV/bin/dbt" ]]; then
  echo "error: $DBT_VENV/bin/dbt is missing: create it with 'make dbt-venv'" >&2
  exit 1
fi
export DBT_PROJECT_DIR="${DBT_PROJECT_DIR:-$ROOT/dbt_project}"
export DBT_PROFILES_DIR="${DBT_PROFILES_DIR:-$DBT_PROJECT_DIR}"
export DBT_TARGET_PATH="${DBT_TARGET_PATH:-$DBT_PROJECT_DIR/target}"
export DBT_LOG_PATH="${DBT_LOG_PATH:-$DBT_TARGET_PATH/logs}"
# no network beyond the package registries: no usage statistics, no check for a newer dbt
export DBT_SEND_ANONYMOUS_USAGE_STATS=False
export DBT_VERSION_CHECK=False
exec "$DBT_VENV/bin/dbt" "$@"
