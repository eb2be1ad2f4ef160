#!/usr/bin/env bash
# Runs the Bronze job continuously (processing-time trigger, BRONZE_TRIGGER_INTERVAL) in the background until
# `make down`. A second stream is refused here; a second writer started any other way is refused by the job itself,
# which holds a lock on its checkpoint. Reports "running" only once the job says both of its queries reached Kafka
# and finished a first micro-batch; a job that exits first, or is not there within BRONZE_READY_TIMEOUT_S (default
# 300 s), is an error (and a job still starting at the timeout is stopped).
# The stream serves Prometheus metrics on 127.0.0.1:BRONZE_METRICS_PORT (default 9102; 0 = any free port) at /metrics
# and writes the port it took to $RUN_DIR/bronze-stream.metrics-port, from which scripts/monitoring.sh writes
# Prometheus's bronze-stream target; once the stream runs, the targets are refreshed so a running Prometheus scrapes it.
source "$(dirname "$0")/lib.sh"
load_env
READY_MARKER="bronze-streaming-job ready: first micro-batch done by"
timeout="${BRONZE_READY_TIMEOUT_S:-300}"
[[ "$timeout" =~ ^[1-9][0-9]*$ ]] || { echo "error: BRONZE_READY_TIMEOUT_S must be a whole number of seconds, was '$timeout'" >&2; exit 1; }
if is_running bronze-stream; then
  echo "error: the Bronze stream already runs (pid $(cat "$RUN_DIR/bronze-stream.pid")); 'make down' stops it" >&2
  exit 1
fi
metrics_port="${BRONZE_METRICS_PORT:-9102}"
if [[ "$metrics_port" != 0 ]] && [[ "$metrics_port" =~ ^[0-9]+$ ]]; then
  require_free_port "$metrics_port" "the Bronze stream's metrics (BRONZE_METRICS_PORT)"
fi
# written by the job once its endpoint serves; a file left by a stream that died would name a port nobody serves
port_file="$RUN_DIR/bronze-stream.metrics-port"
rm -f "$port_file"
export BRONZE_METRICS_PORT_FILE="$port_file"
log="$LOG_DIR/bronze-stream.log"
start_background bronze-stream "$ROOT/scripts/spark-job.sh" bronze-streaming-job dev.descheduler.bronze.BronzeStreamingJob
pid="$(cat "$RUN_DIR/bronze-stream.pid")"
echo "Bronze stream starting (pid $pid), waiting up to ${timeout}s for its first micro-batch; log $log"
deadline=$((SECONDS + timeout))
until grep -qF "$READY_MARKER" "$log"; do
  if ! is_running bronze-stream; then
    echo "error: the Bronze stream exited before its first micro-batch; the end of $log:" >&2
    tail -15 "$log" >&2
    rm -f "$RUN_DIR/bronze-stream.pid"
    exit 1
  fi
  if ((SECONDS >= deadline)); then
    echo "error: the Bronze stream (pid $pid) had not finished a first micro-batch after ${timeout}s (Kafka, S3 or the catalog unreachable, or the machine overloaded); stopping it. The end of $log:" >&2
    tail -15 "$log" >&2
    stop_process bronze-stream 60 >&2
    exit 1
  fi
  sleep 1
done
if [[ ! -f "$port_file" ]]; then
  echo "error: the Bronze stream (pid $pid) runs but wrote no metrics port to $port_file; stopping it. See $log" >&2
  stop_process bronze-stream 60 >&2
  exit 1
fi
# a running Prometheus re-reads its file_sd targets on its own; one started later writes them itself
"$ROOT/scripts/monitoring.sh" targets
echo "Bronze stream running (pid $pid), metrics on http://127.0.0.1:$(cat "$port_file")/metrics, log $log; 'make down' stops it"
