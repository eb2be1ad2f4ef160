#!/usr/bin/env bash
# Stops what `make up` started, the collector first so it can drain its queue into Kafka. Data is kept.
source "$(dirname "$0")/lib.sh"
stop_process collector "${COLLECTOR_SHUTDOWN_TIMEOUT_S:-30}"
stop_process local-stack 60
