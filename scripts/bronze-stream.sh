#!/usr/bin/env bash
# Runs the Bronze job continuously (processing-time trigger, BRONZE_TRIGGER_INTERVAL) in the background until
# `make down`. A second stream is refused here; a second writer started any other way is refused by the job itself,
# which holds a lock on its checkpoint.
source "$(dirname "$0")/lib.sh"
if is_running bronze-stream; then
  echo "error: the Bronze stream already runs (pid $(cat "$RUN_DIR/bronze-stream.pid")); 'make down' stops it" >&2
  exit 1
fi
start_background bronze-stream "$ROOT/scripts/spark-job.sh" bronze-streaming-job dev.descheduler.bronze.BronzeStreamingJob
sleep 5
if ! is_running bronze-stream; then
  echo "error: the Bronze stream stopped at once; see $LOG_DIR/bronze-stream.log" >&2
  tail -5 "$LOG_DIR/bronze-stream.log" >&2
  exit 1
fi
echo "Bronze stream running (pid $(cat "$RUN_DIR/bronze-stream.pid")), log $LOG_DIR/bronze-stream.log; 'make down' stops it"
