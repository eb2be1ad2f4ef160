#!/usr/bin/env bash
# Stops what `make up` (and `make bronze-stream`) started: the jobs, then the collector so it can drain its queue
# into Kafka, then the servers. Data is kept.
source "$(dirname "$0")/lib.sh"
# the stream finishes its micro-batch and commits; the checkpoint makes the next start resume exactly there
stop_process bronze-stream 60
# stopped on purpose: Prometheus's next targets leave it out (a stream that died keeps its target, and its alert)
rm -f "$RUN_DIR/bronze-stream.metrics-port"
"$ROOT/scripts/monitoring.sh" stop
# Airflow before the servers: its metadata database lives in the local stack's PostgreSQL
"$ROOT/scripts/airflow.sh" stop
stop_process sql-endpoint 30
# `make spark-cluster`'s master and worker (the worker stops the executors it runs)
stop_process spark-worker 60
stop_process spark-master 60
rm -f "$RUN_DIR/spark-master-ui.port" "$RUN_DIR/spark-worker-ui.port"
stop_process collector "${COLLECTOR_SHUTDOWN_TIMEOUT_S:-30}"
stop_process local-stack 60
prune_job_copies
