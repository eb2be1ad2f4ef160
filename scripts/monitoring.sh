#!/usr/bin/env bash
# Prometheus and the Pushgateway for the local stack (started by `make up`, stopped by `make down`), on loopback, with
# the configuration and rules of monitoring/prometheus. They come from Debian's `prometheus` and
# `prometheus-pushgateway` packages; without them this says so and the rest of the stack runs as before.
#   scripts/monitoring.sh start    write the scrape targets from the ports in use, then start what is not running
#   scripts/monitoring.sh stop     stop both
#   scripts/monitoring.sh targets  rewrite the scrape targets only (Prometheus re-reads them on its own)
# Prometheus keeps its data in $DATA_DIR/monitoring/prometheus-data (15 days); the Pushgateway keeps the last push of
# every job in $DATA_DIR/monitoring/pushgateway.db across restarts, so a job's last success survives `make down`.
source "$(dirname "$0")/lib.sh"
load_env
PROMETHEUS_PORT="${PROMETHEUS_PORT:-9090}"
PUSHGATEWAY_PORT="${PUSHGATEWAY_PORT:-9091}"
PROMETHEUS_BIN="${PROMETHEUS_BIN:-prometheus}"
PUSHGATEWAY_BIN="${PUSHGATEWAY_BIN:-prometheus-pushgateway}"
MONITORING_DIR="$DATA_DIR/monitoring"
CONFIG_DIR="$MONITORING_DIR/prometheus"

installed() {
  local missing=()
  command -v "$PROMETHEUS_BIN" >/dev/null 2>&1 || missing+=("$PROMETHEUS_BIN")
  command -v "$PUSHGATEWAY_BIN" >/dev/null 2>&1 || missing+=("$PUSHGATEWAY_BIN")
  if ((${#missing[@]})); then
    echo "monitoring: not started, ${missing[*]} not installed (sudo apt-get install prometheus prometheus-pushgateway);" \
      "everything else runs without it"
    return 1
  fi
}

# one file_sd target file per scrape job of prometheus.yml; an empty list for what does not run here
write_target() { # job [host:port]
  local file="$CONFIG_DIR/targets/$1.json" tmp
  tmp="$(mktemp "$file.XXXXXX")"
  if [[ -n "${2:-}" ]]; then
    echo "[{\"targets\": [\"$2\"], \"labels\": {\"stack\": \"embedded\"}}]" >"$tmp"
  else
    echo '[]' >"$tmp"
  fi
  mv "$tmp" "$file" # a rename: Prometheus never reads a half-written file
}

write_targets() {
  mkdir -p "$CONFIG_DIR/targets"
  write_target prometheus "127.0.0.1:$PROMETHEUS_PORT"
  write_target pushgateway "127.0.0.1:$PUSHGATEWAY_PORT"
  write_target collector "127.0.0.1:${COLLECTOR_PORT:-8000}"
  if [[ -f "$RUN_DIR/bronze-stream.metrics-port" ]]; then
    write_target bronze-stream "127.0.0.1:$(cat "$RUN_DIR/bronze-stream.metrics-port")"
  else
    write_target bronze-stream
  fi
  write_target airflow # Airflow's StatsD exporter runs in Docker Compose only
}

# the repository's configuration and rules, copied beside the targets (file_sd paths are relative to the config)
write_config() {
  mkdir -p "$CONFIG_DIR"
  rm -rf "$CONFIG_DIR/rules"
  cp -r "$ROOT/monitoring/prometheus/rules" "$CONFIG_DIR/rules"
  cp "$ROOT/monitoring/prometheus/prometheus.yml" "$CONFIG_DIR/prometheus.yml"
}

start() {
  installed || return 0
  write_config
  write_targets
  if is_running pushgateway; then
    echo "Pushgateway already running (pid $(cat "$RUN_DIR/pushgateway.pid"))"
  else
    require_free_port "$PUSHGATEWAY_PORT" "the Pushgateway"
    start_background pushgateway "$PUSHGATEWAY_BIN" --web.listen-address="127.0.0.1:$PUSHGATEWAY_PORT" \
      --persistence.file="$MONITORING_DIR/pushgateway.db" --persistence.interval=30s
    record_port pushgateway "$PUSHGATEWAY_PORT"
  fi
  if is_running prometheus; then
    echo "Prometheus already running (pid $(cat "$RUN_DIR/prometheus.pid"))"
  else
    require_free_port "$PROMETHEUS_PORT" Prometheus
    start_background prometheus "$PROMETHEUS_BIN" --config.file="$CONFIG_DIR/prometheus.yml" \
      --storage.tsdb.path="$MONITORING_DIR/prometheus-data" --storage.tsdb.retention.time=15d \
      --web.listen-address="127.0.0.1:$PROMETHEUS_PORT" --web.enable-lifecycle
    record_port prometheus "$PROMETHEUS_PORT"
  fi
  wait_for "Pushgateway" 30 curl -fsS "http://127.0.0.1:$PUSHGATEWAY_PORT/-/ready"
  wait_for "Prometheus" 60 curl -fsS "http://127.0.0.1:$PROMETHEUS_PORT/-/ready"
  echo "Prometheus ready on http://127.0.0.1:$PROMETHEUS_PORT, Pushgateway on http://127.0.0.1:$PUSHGATEWAY_PORT"
}

case "${1:-}" in
  start) start ;;
  stop)
    stop_process prometheus 30
    stop_process pushgateway 30
    ;;
  targets) write_targets ;;
  *)
    echo "usage: scripts/monitoring.sh start|stop|targets" >&2
    exit 64
    ;;
esac
