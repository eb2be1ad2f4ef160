#!/usr/bin/env bash
# The notebook's own tests (make notebook-test), quick and without a stack:
#  1. the committed notebooks carry no outputs, and the check does catch a notebook that has some;
#  2. the headless executor fails (exit 1, the failing cell's error printed) when a cell raises: here the connect
#     cell, pointed at a port where no SQL endpoint listens.
# That the whole tour runs on real Bronze, Silver and Gold is the end-to-end test's step (scripts/notebook.sh execute).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/notebook-test.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
failures=0
pass() { echo "ok   $1"; }
fail() { echo "FAIL $1" >&2; failures=$((failures + 1)); }

if "$ROOT/scripts/notebook.sh" check >"$WORK/check.out" 2>&1; then
  pass "committed notebooks have no outputs"
else
  fail "committed notebooks have outputs:"; cat "$WORK/check.out" >&2
fi

# a notebook with one output and an execution count must be refused, naming the cell
python3 - "$ROOT/notebooks/lakehouse_tour.ipynb" "$WORK/with-output.ipynb" <<'PY'
import json, sys
notebook = json.load(open(sys.argv[1]))
cell = next(c for c in notebook["cells"] if c["cell_type"] == "code")
cell["execution_count"] = 1
cell["outputs"] = [{"output_type": "stream", "name": "stdout", "text": ["leaked\n"]}]
json.dump(notebook, open(sys.argv[2], "w"))
PY
if python3 "$ROOT/notebooks/strip_outputs.py" --check "$WORK/with-output.ipynb" >"$WORK/dirty.out" 2>&1; then
  fail "the check accepted a notebook with outputs"
elif grep -q "(settings) has 1 output(s)" "$WORK/dirty.out" \
  && grep -q "has execution_count 1" "$WORK/dirty.out"; then
  pass "the check refuses a notebook with outputs and names the cell"
else
  fail "the check refused, but without naming the cell:"; cat "$WORK/dirty.out" >&2
fi
python3 "$ROOT/notebooks/strip_outputs.py" "$WORK/with-output.ipynb" >/dev/null
if python3 "$ROOT/notebooks/strip_outputs.py" --check "$WORK/with-output.ipynb" >/dev/null 2>&1; then
  pass "strip removes what the check refuses"
else
  fail "the check still refuses a stripped notebook"
fi

free_port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
status=0
DATA_DIR="$WORK/data" SQL_ENDPOINT_HOST=127.0.0.1 SPARK_THRIFT_PORT="$free_port" \
  "$ROOT/scripts/notebook.sh" execute "$WORK/out/tour.ipynb" >"$WORK/execute.out" 2>&1 || status=$?
if [[ "$status" -eq 1 ]] && grep -q "error: the notebook failed" "$WORK/execute.out" \
  && grep -q "hive.connect(host=HOST, port=PORT" "$WORK/execute.out" \
  && grep -qE "TTransportException|Could not connect" "$WORK/execute.out" \
  && [[ -f "$WORK/out/tour.ipynb" ]]; then
  pass "the executor exits 1 on a failing cell, prints its source and error, keeps the partial notebook"
else
  fail "the executor on a port without an endpoint: exit $status, expected 1 with the connect cell's error:"
  cat "$WORK/execute.out" >&2
fi

# the plot check, on two small notebooks of its own: a cell tagged plot that draws nothing fails the run, one that
# draws passes and its PNG lands beside the output
python3 - "$WORK" <<'PY'
import json, sys
def notebook(source):
    return {"nbformat": 4, "nbformat_minor": 5, "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}},
            "cells": [{"cell_type": "code", "id": "chart", "metadata": {"tags": ["plot"]}, "execution_count": None, "outputs": [], "source": source}]}
json.dump(notebook("print('no figure here')"), open(f"{sys.argv[1]}/no-plot.ipynb", "w"))
json.dump(notebook("import matplotlib.pyplot as plt\nplt.plot([1, 2, 3])\nplt.show()"), open(f"{sys.argv[1]}/plot.ipynb", "w"))
PY
run_executor() { # notebook output
  DATA_DIR="$WORK/data" "$ROOT/.venv-notebook/bin/python" "$ROOT/notebooks/execute.py" "$1" "$2"
}
status=0
run_executor "$WORK/no-plot.ipynb" "$WORK/out/no-plot.ipynb" >"$WORK/no-plot.out" 2>&1 || status=$?
if [[ "$status" -eq 1 ]] && grep -q "cell 0 (chart) is tagged plot but drew no image/png" "$WORK/no-plot.out"; then
  pass "a plot cell that draws nothing fails the run"
else
  fail "a plot cell that draws nothing: exit $status, expected 1 naming the cell:"; cat "$WORK/no-plot.out" >&2
fi
status=0
run_executor "$WORK/plot.ipynb" "$WORK/out/plot.ipynb" >"$WORK/plot.out" 2>&1 || status=$?
if [[ "$status" -eq 0 ]] && grep -q "plot chart: $WORK/out/plot-chart.png" "$WORK/plot.out" \
  && [[ "$(head -c 8 "$WORK/out/plot-chart.png" | od -An -tx1 | tr -d ' \n')" == "89504e470d0a1a0a" ]]; then
  pass "a plot cell that draws passes, its PNG written beside the output"
else
  fail "a plot cell that draws: exit $status, expected 0 and a PNG file:"; cat "$WORK/plot.out" >&2
fi

if ((failures)); then
  echo "$failures notebook test(s) failed" >&2
  exit 1
fi
echo "all notebook tests passed"
