#!/usr/bin/env bash
source "$(dirname "$0")/lib.sh"
for name in local-stack collector; do
  if is_running "$name"; then echo "$name: running (pid $(cat "$RUN_DIR/$name.pid"))"; else echo "$name: stopped"; fi
done
if [[ -f "$DATA_DIR/stack/stack.env" ]]; then cat "$DATA_DIR/stack/stack.env"; fi
