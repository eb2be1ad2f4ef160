#!/usr/bin/env bash
# Jupyter on the lakehouse, from .venv-notebook (make notebook-venv):
#   lab                       JupyterLab on 127.0.0.1:NOTEBOOK_PORT (8888) with notebooks/, a fresh token printed (make notebook)
#   execute OUTPUT.ipynb      runs notebooks/lakehouse_tour.ipynb headless against the SQL endpoint and writes the
#                             executed copy to OUTPUT.ipynb and its plots beside it (OUTPUT-<cell>.png); exit 0 when
#                             every code cell ran and every plot cell drew a PNG, 1 when a cell failed or a check did
#   check                     the committed notebooks carry no outputs (make notebook-test)
#   strip                     removes outputs and execution counts from the notebooks, before a commit
# The notebook reads SQL_ENDPOINT_HOST (127.0.0.1), SPARK_THRIFT_PORT (10000), ICEBERG_CATALOG and the *_NAMESPACE
# variables from the environment, else from .env, else .env.example's defaults.
source "$(dirname "$0")/lib.sh"
load_env
NOTEBOOK_VENV="${NOTEBOOK_VENV:-$ROOT/.venv-notebook}"
NOTEBOOKS="$ROOT/notebooks"
TOUR="$NOTEBOOKS/lakehouse_tour.ipynb"

# what the notebook's kernel reads; exported so that a value from .env reaches it too
export SQL_ENDPOINT_HOST="${SQL_ENDPOINT_HOST:-127.0.0.1}"
export SPARK_THRIFT_PORT="${SPARK_THRIFT_PORT:-10000}"
export ICEBERG_CATALOG="${ICEBERG_CATALOG:-lakehouse}"
export BRONZE_NAMESPACE="${BRONZE_NAMESPACE:-bronze}"
export SILVER_NAMESPACE="${SILVER_NAMESPACE:-silver}"
export GOLD_NAMESPACE="${GOLD_NAMESPACE:-gold}"
# Jupyter's runtime files (connection files, server info) under .data, not in the home folder
export JUPYTER_RUNTIME_DIR="${JUPYTER_RUNTIME_DIR:-$DATA_DIR/jupyter/runtime}"
export MPLCONFIGDIR="${MPLCONFIGDIR:-$DATA_DIR/jupyter/matplotlib}"

require_venv() {
  if [[ ! -x "$NOTEBOOK_VENV/bin/jupyter" ]]; then
    echo "error: $NOTEBOOK_VENV/bin/jupyter is missing: create it with 'make notebook-venv'" >&2
    exit 1
  fi
}

endpoint_listens() {
  (exec 3<>"/dev/tcp/$SQL_ENDPOINT_HOST/$SPARK_THRIFT_PORT") 2>/dev/null
}

command="${1:-lab}"
[[ $# -gt 0 ]] && shift
case "$command" in
  lab)
    require_venv
    port="${NOTEBOOK_PORT:-8888}"
    require_free_port "$port" JupyterLab
    if ! endpoint_listens; then
      echo "warning: no SQL endpoint listens on $SQL_ENDPOINT_HOST:$SPARK_THRIFT_PORT yet: start it with 'make up' before running the notebook" >&2
    fi
    # a fresh token per start: anyone who can reach the port could otherwise run code as this user. JUPYTER_TOKEN
    # (.env's token of the Docker Compose Jupyter) is not this server's, and would only reach the kernel's environment
    token="$(python3 -c 'import secrets; print(secrets.token_hex(24))')"
    unset JUPYTER_TOKEN
    mkdir -p "$JUPYTER_RUNTIME_DIR" "$MPLCONFIGDIR"
    cat <<MSG
JupyterLab on the lakehouse (SQL endpoint $SQL_ENDPOINT_HOST:$SPARK_THRIFT_PORT, catalog $ICEBERG_CATALOG):
  http://127.0.0.1:$port/lab/tree/lakehouse_tour.ipynb?token=$token
  token $token
Stop with Ctrl-C.
MSG
    # Jupyter refuses to start as root, which is who runs everything in containers and on CI machines such as this
    # one; the loopback address and the token are what keep others out either way
    as_root=()
    if [[ "$(id -u)" -eq 0 ]]; then as_root=(--allow-root); fi
    # port_retries=0: a taken port is an error, not a silent move to the next one. Extension manager read-only: the
    # environment holds exactly its lock, and nothing asks PyPI for updates
    exec "$NOTEBOOK_VENV/bin/jupyter" lab --no-browser "${as_root[@]}" \
      --ServerApp.ip=127.0.0.1 --ServerApp.port="$port" --ServerApp.port_retries=0 \
      --IdentityProvider.token="$token" --ServerApp.root_dir="$NOTEBOOKS" \
      --LabApp.extension_manager=readonly --LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate "$@"
    ;;
  execute)
    require_venv
    output="${1:?usage: notebook.sh execute OUTPUT.ipynb}"
    mkdir -p "$JUPYTER_RUNTIME_DIR" "$MPLCONFIGDIR"
    exec "$NOTEBOOK_VENV/bin/python" "$NOTEBOOKS/execute.py" "$TOUR" "$output"
    ;;
  check)
    exec python3 "$NOTEBOOKS/strip_outputs.py" --check "$NOTEBOOKS"/*.ipynb
    ;;
  strip)
    exec python3 "$NOTEBOOKS/strip_outputs.py" "$NOTEBOOKS"/*.ipynb
    ;;
  *)
    echo "error: unknown command '$command': expected lab, execute, check or strip" >&2
    exit 2
    ;;
esac
