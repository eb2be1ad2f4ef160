#!/usr/bin/env bash
# The one launcher for the pipeline's jobs: `make bronze|silver|maintain|gold` and the Airflow DAGs' tasks all run a
# job through here, so a job runs the same way by hand and when orchestrated.
#   bronze [args]    Bronze, available-now: lands what Kafka holds now, then exits
#   silver [args]    Silver from what Bronze committed since Silver's last run (its snapshot watermark)
#   maintain [args]  Iceberg maintenance (--preset=..., or --table=... --tasks=...)
#   gold [args]      Gold with dbt: freshness check, dbt build, docs, summary (scripts/gold.sh)
#   dbt [args]       any dbt command on dbt_project/ (scripts/dbt.sh)
#   gold-metrics [args]  pushes a Gold build's outcome and freshness (pipeline-cli dbt-metrics): the DAG's step
#                    after Cosmos's per-model Gold tasks; exits 0 when it could not push (a warning), as make gold
# Spark jobs run where SPARK_MASTER says: local[...] (the default, from .env) starts the job's JVM here
# (scripts/spark-job.sh); any other master (spark://host:7077, yarn, k8s://...) spark-submits the same thin jar and
# main class to it in client mode, with the jars of the module's runtime classpath (the ones a cluster's Spark lacks)
# and SPARK_SUBMIT_ARGS; docs/cluster.md has the line it builds and which spark-submit it picks.
source "$(dirname "$0")/lib.sh"
load_env
job="${1:?usage: job.sh bronze|silver|maintain|gold|dbt|gold-metrics [args...]}"
shift
# jobs push their run's figures to the Pushgateway `make up` started, unless the caller names another (or none: "")
if [[ ! -v PUSHGATEWAY_URL ]] && is_running pushgateway; then
  export PUSHGATEWAY_URL="http://127.0.0.1:$(cat "$RUN_DIR/pushgateway.port")"
fi

# The spark-submit to use: SPARK_SUBMIT when set, else the installed Spark's (SPARK_HOME, then PATH), else the one
# built from this build's Maven artifacts (scripts/spark-submit.sh, Spark 3.5; docs/cluster.md).
spark_submit_command() {
  if [[ -n "${SPARK_SUBMIT:-}" ]]; then
    echo "$SPARK_SUBMIT"
  elif [[ -n "${SPARK_HOME:-}" ]]; then
    [[ -x "$SPARK_HOME/bin/spark-submit" ]] || {
      echo "error: SPARK_HOME=$SPARK_HOME has no bin/spark-submit: point it at a Spark 3.5 installation, or unset it to use spark-submit from PATH or the build's ($ROOT/scripts/spark-submit.sh)" >&2
      return 1
    }
    echo "$SPARK_HOME/bin/spark-submit"
  elif command -v spark-submit >/dev/null 2>&1; then
    command -v spark-submit
  else
    echo "no Spark installed (SPARK_HOME unset, no spark-submit on PATH): submitting with the build's Spark 3.5 (scripts/spark-submit.sh)" >&2
    echo "$ROOT/scripts/spark-submit.sh"
  fi
}

spark_job() { # module main-class args...
  local module="$1" main="$2"; shift 2
  local master="${SPARK_MASTER:-local[2]}"
  if [[ "$master" == local* ]]; then
    exec "$ROOT/scripts/spark-job.sh" "$module" "$main" "$@"
  fi
  # the running local stack's addresses, as embedded runs read them (scripts/spark-job.sh)
  if [[ -f "$DATA_DIR/stack/stack.env" ]]; then
    set -a; source "$DATA_DIR/stack/stack.env"; set +a
  fi
  local submit
  submit="$(spark_submit_command)"
  local target="$ROOT/$module/target"
  for file in "$target/$module.jar" "$target/classpath/runtime.classpath"; do
    [[ -f "$file" ]] || { echo "error: $file is missing: build first ('make build')" >&2; exit 1; }
  done
  # Submit copies of this project's jars, as scripts/spark-job.sh runs them: the driver keeps the jars open and serves
  # them to the executors for the whole run, and a rebuild rewrites them in place. One folder per run, named after
  # this pid (exec keeps it), removed by a later run once the driver is gone.
  prune_job_copies
  local copy="$RUN_DIR/jars/$module.$$" app_jar jars="" entry index=0
  mkdir -p "$copy"
  app_jar="$copy/$module.jar"
  cp "$target/$module.jar" "$app_jar"
  IFS=: read -r -a entries <<<"$(cat "$target/classpath/runtime.classpath")"
  for entry in "${entries[@]}"; do
    [[ -n "$entry" ]] || continue
    if [[ "$entry" == "$ROOT"/* || "$entry" == *-SNAPSHOT* ]]; then
      index=$((index + 1))
      cp -R "$entry" "$copy/$index-$(basename "$entry")"
      entry="$copy/$index-$(basename "$entry")"
    fi
    jars+="${jars:+,}$entry"
  done
  # A master on loopback is this machine's own (scripts/spark-cluster.sh): executors reach the driver there too.
  # Elsewhere the driver must listen on an address the cluster can reach, which Spark picks from the host name.
  if [[ "$master" =~ ^spark://(127\.0\.0\.1|localhost)(:|$) ]]; then
    export SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}"
  fi
  # the cluster's sizing and any other option (--executor-memory 2g --total-executor-cores 8 --conf k=v ...)
  local extra=()
  read -r -a extra <<<"${SPARK_SUBMIT_ARGS:-}"
  exec "$submit" --master "$master" --deploy-mode client --name "$module" --class "$main" \
    --driver-memory "${SPARK_DRIVER_MEMORY:-2g}" "${extra[@]}" ${jars:+--jars "$jars"} "$app_jar" "$@"
}

case "$job" in
  bronze) spark_job bronze-streaming-job dev.descheduler.bronze.BronzeStreamingJob --available-now "$@" ;;
  silver) spark_job silver-batch-job dev.descheduler.silver.SilverBatchJob "$@" ;;
  maintain) spark_job maintenance-jobs dev.descheduler.maintenance.MaintenanceJob "$@" ;;
  gold) exec "$ROOT/scripts/gold.sh" "$@" ;;
  dbt) exec "$ROOT/scripts/dbt.sh" "$@" ;;
  gold-metrics)
    # Gold's freshness through the endpoint dbt built it through (profiles.yml's host and port), from the manifest
    # Cosmos rendered the tasks from. Exit 1 is "not pushed": reporting never fails the run (nor turns it green).
    rc=0
    pipeline_cli dbt-metrics --manifest "$ROOT/airflow/target/dbt/manifest.json" \
      --jdbc-url "jdbc:hive2://${DBT_SPARK_HOST:-127.0.0.1}:${SPARK_THRIFT_PORT:-10000}/default" \
      --table "${ICEBERG_CATALOG:-lakehouse}.${GOLD_NAMESPACE:-gold}" "$@" || rc=$?
    if ((rc == 1)); then
      echo "warning: Gold's metrics were not pushed to ${PUSHGATEWAY_URL:-}" >&2
      rc=0
    fi
    exit "$rc"
    ;;
  *)
    echo "error: unknown job '$job': expected bronze, silver, maintain, gold, dbt or gold-metrics" >&2
    exit 2
    ;;
esac
