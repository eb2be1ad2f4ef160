# Shared by the operator scripts: process bookkeeping under .data/run, readiness waits, ports.
# shellcheck shell=bash
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DATA_DIR="${DATA_DIR:-$ROOT/.data}"
RUN_DIR="$DATA_DIR/run"
LOG_DIR="$DATA_DIR/logs"
mkdir -p "$RUN_DIR" "$LOG_DIR"

# Loads .env when present so `make up` and the services share one configuration.
load_env() {
  if [[ -f "$ROOT/.env" ]]; then
    set -a; source "$ROOT/.env"; set +a
  fi
}

is_running() { # name
  local pid_file="$RUN_DIR/$1.pid"
  [[ -f "$pid_file" ]] && kill -0 "$(cat "$pid_file")" 2>/dev/null
}

port_free() { # port
  ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

require_free_port() { # port what
  if ! port_free "$1"; then
    echo "error: port $1 for $2 is already in use (stop whatever holds it, or change the port in .env)" >&2
    exit 1
  fi
}

start_background() { # name command...
  local name="$1"; shift
  nohup "$@" >"$LOG_DIR/$name.log" 2>&1 &
  echo $! >"$RUN_DIR/$name.pid"
}

wait_for() { # what timeout_s command...
  local what="$1" timeout="$2"; shift 2
  local deadline=$((SECONDS + timeout))
  until "$@" >/dev/null 2>&1; do
    if ((SECONDS >= deadline)); then
      echo "error: $what not ready after ${timeout}s; see $LOG_DIR" >&2
      return 1
    fi
    sleep 1
  done
}

stop_process() { # name timeout_s
  local name="$1" timeout="${2:-60}" pid_file="$RUN_DIR/$1.pid"
  if ! is_running "$name"; then
    rm -f "$pid_file"
    return 0
  fi
  local pid; pid="$(cat "$pid_file")"
  kill -TERM "$pid"
  local deadline=$((SECONDS + timeout))
  while kill -0 "$pid" 2>/dev/null; do
    if ((SECONDS >= deadline)); then
      echo "warning: $name (pid $pid) did not stop within ${timeout}s; killing it" >&2
      kill -KILL "$pid" 2>/dev/null || true # it may exit between the check and the kill
      break
    fi
    sleep 1
  done
  rm -f "$pid_file"
  echo "stopped $name"
}
