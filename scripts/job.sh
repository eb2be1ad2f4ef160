#!/usr/bin/env bash
# The one launcher for the pipeline's jobs: `make bronze|silver|maintain|gold` and the Airflow DAGs' tasks all run a
# job through here, so a job runs the same way by hand and when orchestrated.
#   bronze [args]    Bronze, available-now: lands what Kafka holds now, then exits
#   silver [args]    Silver from what Bronze committed since Silver's last run (its snapshot watermark)
#   maintain [args]  Iceberg maintenance (--preset=..., or --table=... --tasks=...)
#   gold [args]      Gold with dbt: freshness check, dbt build, docs, summary (scripts/gold.sh)
#   dbt [args]       any dbt command on dbt_project/ (scripts/dbt.sh)
# Spark jobs run where SPARK_MASTER says: local[...] (the default, from .env) starts the job's JVM here
# (scripts/spark-job.sh); any other master (spark://host:7077, yarn, k8s://...) spark-submits the same jar and main
# class to it, with the jars of the module's runtime classpath (the ones a cluster's Spark lacks).
source "$(dirname "$0")/lib.sh"
load_env
job="${1:?usage: job.sh bronze|silver|maintain|gold|dbt [args...]}"
shift
# jobs push their run's figures to the Pushgateway `make up` started, unless the caller names another (or none: "")
if [[ ! -v PUSHGATEWAY_URL ]] && is_running pushgateway; then
  export PUSHGATEWAY_URL="http://127.0.0.1:$(cat "$RUN_DIR/pushgateway.port")"
fi

spark_job() { # module main-class args...
  local module="$1" main="$2"; shift 2
  local master="${SPARK_MASTER:-local[2]}"
  if [[ "$master" == local* ]]; then
    exec "$ROOT/scripts/spark-job.sh" "$module" "$main" "$@"
  fi
  command -v spark-submit >/dev/null 2>&1 || {
    echo "error: SPARK_MASTER=$master names a cluster, but spark-submit is not on PATH (install Spark 3.5 or set SPARK_MASTER=local[2])" >&2
    exit 1
  }
  local target="$ROOT/$module/target"
  for file in "$target/$module.jar" "$target/classpath/runtime.classpath"; do
    [[ -f "$file" ]] || { echo "error: $file is missing: build first ('make build')" >&2; exit 1; }
  done
  local jars
  jars="$(tr ':' ',' <"$target/classpath/runtime.classpath")"
  exec spark-submit --master "$master" --deploy-mode client --name "$module" --class "$main" \
    --driver-memory "${SPARK_DRIVER_MEMORY:-2g}" ${jars:+--jars "$jars"} "$target/$module.jar" "$@"
}

case "$job" in
  bronze) spark_job bronze-streaming-job dev.descheduler.bronze.BronzeStreamingJob --available-now "$@" ;;
  silver) spark_job silver-batch-job dev.descheduler.silver.SilverBatchJob "$@" ;;
  maintain) spark_job maintenance-jobs dev.descheduler.maintenance.MaintenanceJob "$@" ;;
  gold) exec "$ROOT/scripts/gold.sh" "$@" ;;
  dbt) exec "$ROOT/scripts/dbt.sh" "$@" ;;
  *)
    echo "error: unknown job '$job': expected bronze, silver, maintain, gold or dbt" >&2
    exit 2
    ;;
esac
