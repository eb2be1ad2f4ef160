#!/usr/bin/env bash
# `make pipeline`: triggers github_events_pipeline in the running Airflow and follows the run to its end through the
# REST API (pipeline-cli airflow trigger --wait). Exit 0 when the run succeeded, 1 when it failed (the failed tasks
# are named), 2 when it did not finish within PIPELINE_TIMEOUT (ISO-8601, default PT1H), 3 when Airflow refused.
source "$(dirname "$0")/lib.sh"
load_env
is_running airflow-api-server || { echo "error: Airflow is not running: start it with 'make up'" >&2; exit 3; }
pipeline_cli airflow trigger github_events_pipeline --wait --timeout "${PIPELINE_TIMEOUT:-PT1H}" "$@"
