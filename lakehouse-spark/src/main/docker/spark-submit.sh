#!/usr/bin/env bash
# Entry point of the lakehouse's Spark images (Docker Compose): spark-submits the image's thin application jar in
# client mode, the driver in this container, to SPARK_MASTER (spark://spark-master:7077 in compose), with the jars
# of the module's runtime classpath, as scripts/job.sh's cluster branch does on a host. Executors reach the driver by
# this container's service name (SPARK_LOCAL_HOSTNAME), so the name must resolve on the compose network.
# Usage: spark-submit.sh <module> <main class> [args...]
set -euo pipefail
module="${1:?usage: spark-submit.sh <module> <main class> [args...]}"
main="${2:?usage: spark-submit.sh <module> <main class> [args...]}"
shift 2
master="${SPARK_MASTER:?set SPARK_MASTER to the cluster, e.g. spark://spark-master:7077}"
target="${DESCHEDULER_HOME:-/opt/descheduler}/$module/target"
for file in "$target/$module.jar" "$target/classpath/runtime.classpath"; do
  [[ -f "$file" ]] || { echo "error: $file is missing from the image: rebuild it (docker compose build)" >&2; exit 1; }
done
jars="$(tr ':' ',' <"$target/classpath/runtime.classpath")"
# a standalone master gives an application every free core unless told otherwise: the long-running applications
# (SQL endpoint, Bronze stream) must leave cores for the batch jobs Airflow submits
exec "$SPARK_HOME/bin/spark-submit" --master "$master" --deploy-mode client --name "$module" --class "$main" \
  --driver-memory "${SPARK_DRIVER_MEMORY:-1g}" \
  --conf "spark.cores.max=${SPARK_CORES_MAX:-1}" \
  --conf "spark.executor.memory=${SPARK_EXECUTOR_MEMORY:-1g}" \
  ${jars:+--jars "$jars"} "$target/$module.jar" "$@"
