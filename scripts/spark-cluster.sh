#!/usr/bin/env bash
# A Spark standalone cluster on this machine's loopback, from the Maven artifacts (spark-standalone module, no
# download): one master and one worker, each its own JVM as start-master.sh and start-worker.sh would start them.
# Then the jobs go to it through the one launcher: SPARK_MASTER=spark://127.0.0.1:7077 scripts/job.sh silver
#   start    start the master and the worker, wait until the worker has registered; prints the master URL and UIs
#   stop     stop the worker (and the executors it runs), then the master
#   status   the master's URL and what its JSON status says (workers, running and completed applications)
# Settings: SPARK_MASTER_PORT (7077), SPARK_MASTER_UI_PORT (8081, the compose master UI's name and port),
# SPARK_WORKER_UI_PORT (8082), SPARK_WORKER_CORES (2), SPARK_WORKER_MEMORY (1g: what the worker lends executors, one
# of spark.executor.memory 1g; .env.example sets 4 cores and 4g for the compose cluster, which apply here too once
# copied to .env), SPARK_DAEMON_MEMORY (256m, the master's and the worker's own heap). docs/cluster.md has the rest.
source "$(dirname "$0")/lib.sh"
load_env
action="${1:?usage: spark-cluster.sh start|stop|status}"

master_port="${SPARK_MASTER_PORT:-7077}"
master_ui_port="${SPARK_MASTER_UI_PORT:-8081}"
worker_ui_port="${SPARK_WORKER_UI_PORT:-8082}"
master_url="spark://127.0.0.1:$master_port"

master_json() {
  curl -fsS --max-time 5 "http://127.0.0.1:$(cat "$RUN_DIR/spark-master-ui.port")/json/"
}

worker_registered() {
  [[ "$(master_json | jq '.aliveworkers')" -ge 1 ]]
}

case "$action" in
  start)
    if is_running spark-master; then
      echo "error: the Spark master is already running (pid $(cat "$RUN_DIR/spark-master.pid")): 'scripts/spark-cluster.sh stop' first" >&2
      exit 1
    fi
    require_free_port "$master_port" "the Spark master (SPARK_MASTER_PORT)"
    require_free_port "$master_ui_port" "the Spark master's web UI (SPARK_MASTER_UI_PORT)"
    require_free_port "$worker_ui_port" "the Spark worker's web UI (SPARK_WORKER_UI_PORT)"
    spark_home_from_build >/dev/null
    JAVA="$(java_bin)"
    # the daemons, and the executors the worker starts (they inherit its environment), listen on loopback only
    export SPARK_LOCAL_IP=127.0.0.1
    export SPARK_DAEMON_MEMORY="${SPARK_DAEMON_MEMORY:-256m}"
    # Spark's launcher gives SparkSubmit the Java 17 flags but not the daemons: add the same list (lakehouse-spark's
    # JvmOptions, their one source); executors get them from the driver (spark.executor.extraJavaOptions)
    jvm_options="$("$JAVA" -cp "$(cat "$ROOT/silver-batch-job/target/classpath/runtime.classpath")" \
      dev.descheduler.lakehouse.JvmOptions)"
    export SPARK_DAEMON_JAVA_OPTS="$jvm_options ${SPARK_DAEMON_JAVA_OPTS:-}"
    work_dir="$DATA_DIR/spark/work"
    # executors' scratch space (shuffle files, fetched jars' cache) in the data folder rather than /tmp
    export SPARK_LOCAL_DIRS="${SPARK_LOCAL_DIRS:-$DATA_DIR/spark/local}"
    mkdir -p "$work_dir" "$SPARK_LOCAL_DIRS"

    start_background spark-master "$ROOT/scripts/spark-class.sh" org.apache.spark.deploy.master.Master \
      --host 127.0.0.1 --port "$master_port" --webui-port "$master_ui_port"
    record_port spark-master "$master_port"
    record_port spark-master-ui "$master_ui_port"
    wait_for "Spark master" 60 master_json
    # finished applications' folders (jars fetched from the driver, executor logs) are removed a day later
    start_background spark-worker env SPARK_WORKER_OPTS="-Dspark.worker.cleanup.enabled=true \
-Dspark.worker.cleanup.appDataTtl=86400 ${SPARK_WORKER_OPTS:-}" \
      "$ROOT/scripts/spark-class.sh" org.apache.spark.deploy.worker.Worker \
      --host 127.0.0.1 --webui-port "$worker_ui_port" --work-dir "$work_dir" \
      --cores "${SPARK_WORKER_CORES:-2}" --memory "${SPARK_WORKER_MEMORY:-1g}" "$master_url"
    record_port spark-worker-ui "$worker_ui_port"
    wait_for "Spark worker registered with the master" 60 worker_registered
    echo "Spark master $master_url (UI http://127.0.0.1:$master_ui_port, worker UI http://127.0.0.1:$worker_ui_port)"
    echo "submit the jobs to it: SPARK_MASTER=$master_url scripts/job.sh bronze|silver|maintain"
    ;;
  stop)
    stop_process spark-worker 60
    stop_process spark-master 60
    rm -f "$RUN_DIR/spark-master-ui.port" "$RUN_DIR/spark-worker-ui.port"
    ;;
  status)
    if ! is_running spark-master; then
      echo "spark-master: stopped"
      exit 0
    fi
    echo "spark-master: $master_url, UI http://127.0.0.1:$(cat "$RUN_DIR/spark-master-ui.port")"
    master_json | jq -r '"workers alive: \(.aliveworkers), cores \(.coresused)/\(.cores) used, memory \(.memoryused)/\(.memory) MB used",
      (.activeapps[] | "running: \(.id) \(.name)"), (.completedapps[] | "completed: \(.id) \(.name) \(.state)")'
    ;;
  *)
    echo "error: unknown action '$action': expected start, stop or status" >&2
    exit 2
    ;;
esac
