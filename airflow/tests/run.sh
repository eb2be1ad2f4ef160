#!/usr/bin/env bash
# The DAG tests (make airflow-test): pytest from .venv-airflow, in an Airflow home of their own under target/, so
# they never touch the Airflow of `make up`.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
VENV="${AIRFLOW_VENV:-$ROOT/.venv-airflow}"
[[ -x "$VENV/bin/pytest" ]] || { echo "error: $VENV/bin/pytest is missing: create it with 'make airflow-venv'" >&2; exit 1; }
# Cosmos renders Gold from dbt's manifest, which the tests read as the DAG processor would
"$ROOT/scripts/dbt-manifest.sh"
export AIRFLOW_HOME="$ROOT/airflow/target/airflow-home"
rm -rf "$AIRFLOW_HOME" && mkdir -p "$AIRFLOW_HOME"
export AIRFLOW__CORE__DAGS_FOLDER="$ROOT/airflow/dags"
export AIRFLOW__CORE__LOAD_EXAMPLES=False
export AIRFLOW__CORE__UNIT_TEST_MODE=True
export DESCHEDULER_HOME="$ROOT"
cd "$ROOT/airflow"
exec "$VENV/bin/pytest" -q -p no:cacheprovider tests "$@"
