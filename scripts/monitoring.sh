#!/usr/bin/env bash
# Prometheus, the Pushgateway and Airflow's StatsD exporter for the local stack (started by `make up`, stopped by
# `make down`), on loopback, with the configuration and rules of monitoring/prometheus. Prometheus and the Pushgateway
# come from Debian's `prometheus` and `prometheus-pushgateway` packages, the exporter from `make statsd-exporter`
# (built by Go); without them this says so and the rest of the stack runs as before.
#   scripts/monitoring.sh start    write the scrape targets from the ports in use, then start what is not running
#   scripts/monitoring.sh stop     stop all three
#   scripts/monitoring.sh targets  rewrite the scrape targets only (Prometheus re-reads them on its own)
# Prometheus keeps its data in $DATA_DIR/monitoring/prometheus-data (15 days); the Pushgateway keeps the last push of
# every job in $DATA_DIR/monitoring/pushgateway.db across restarts, so a job's last success survives `make down`.
source "$(dirname "$0")/lib.sh"
load_env
PROMETHEUS_PORT="${PROMETHEUS_PORT:-9090}"
PUSHGATEWAY_PORT="${PUSHGATEWAY_PORT:-9091}"
PROMETHEUS_BIN="${PROMETHEUS_BIN:-prometheus}"
PUSHGATEWAY_BIN="${PUSHGATEWAY_BIN:-prometheus-pushgateway}"
# Airflow sends StatsD (UDP) to STATSD_PORT (scripts/airflow.sh); Prometheus scrapes the translation on
# STATSD_EXPORTER_PORT. 9102, the exporter's own default, is the Bronze stream's metrics port here.
STATSD_PORT="${STATSD_PORT:-9125}"
STATSD_EXPORTER_PORT="${STATSD_EXPORTER_PORT:-9103}"
STATSD_EXPORTER_BIN="$("$ROOT/scripts/statsd-exporter.sh" path)"
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
  if is_running statsd-exporter; then
    write_target airflow "127.0.0.1:$(cat "$RUN_DIR/statsd-exporter.port")"
  else
    write_target airflow
  fi
}

udp_port_free() { # port
  python3 -c 'import socket, sys; socket.socket(socket.AF_INET, socket.SOCK_DGRAM).bind(("127.0.0.1", int(sys.argv[1])))' \
    "$1" 2>/dev/null
}

# Airflow's metrics (monitoring/statsd/airflow.yml names them); without the binary Airflow's datagrams go nowhere
start_statsd_exporter() {
  if is_running statsd-exporter; then
    echo "StatsD exporter already running (pid $(cat "$RUN_DIR/statsd-exporter.pid"))"
    return 0
  fi
  if [[ ! -x "$STATSD_EXPORTER_BIN" ]]; then
    echo "Airflow's StatsD exporter: not started, $STATSD_EXPORTER_BIN not installed ('make statsd-exporter' builds" \
      "it; it needs Go); Airflow's metrics are not scraped"
    return 0
  fi
  require_free_port "$STATSD_EXPORTER_PORT" "Airflow's StatsD exporter"
  udp_port_free "$STATSD_PORT" || {
    echo "error: UDP port $STATSD_PORT for Airflow's StatsD is already in use (stop whatever holds it, or change STATSD_PORT in .env)" >&2
    exit 1
  }
  start_background statsd-exporter "$STATSD_EXPORTER_BIN" \
    --statsd.mapping-config="$ROOT/monitoring/statsd/airflow.yml" --statsd.listen-udp="127.0.0.1:$STATSD_PORT" \
    --statsd.listen-tcp= --web.listen-address="127.0.0.1:$STATSD_EXPORTER_PORT"
  record_port statsd-exporter "$STATSD_EXPORTER_PORT"
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
  start_statsd_exporter
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
  if is_running statsd-exporter; then
    wait_for "Airflow's StatsD exporter" 30 curl -fsS "http://127.0.0.1:$STATSD_EXPORTER_PORT/metrics"
    echo "Airflow's StatsD exporter ready: StatsD on udp://127.0.0.1:$STATSD_PORT, /metrics on http://127.0.0.1:$STATSD_EXPORTER_PORT"
  fi
}

case "${1:-}" in
  start) start ;;
  stop)
    stop_process prometheus 30
    stop_process pushgateway 30
    stop_process statsd-exporter 30
    ;;
  targets) write_targets ;;
  *)
    echo "usage: scripts/monitoring.sh start|stop|targets" >&2
    exit 64
    ;;
esac
