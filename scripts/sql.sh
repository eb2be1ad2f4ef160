#!/usr/bin/env bash
# Opens Hive's beeline on the SQL endpoint (make sql). Arguments go to beeline: `scripts/sql.sh -e 'SELECT 1'` runs
# one statement and exits, `scripts/sql.sh -f file.sql` runs a file.
# The port: SPARK_THRIFT_PORT from the environment, else from .env, else 10000.
port_from_caller="${SPARK_THRIFT_PORT:-}"
source "$(dirname "$0")/lib.sh"
load_env
PORT="${port_from_caller:-${SPARK_THRIFT_PORT:-10000}}"
URL="jdbc:hive2://127.0.0.1:$PORT/default"
JAVA="$(java_bin)"
BEELINE_CLASSPATH="$ROOT/sql-endpoint/target/classpath/beeline.classpath"

if [[ ! -f "$BEELINE_CLASSPATH" ]]; then
  echo "error: $BEELINE_CLASSPATH is missing: build the SQL endpoint first ('make build')" >&2
  exit 1
fi
if port_free "$PORT"; then
  echo "error: no SQL endpoint listens on 127.0.0.1:$PORT: start it with 'make up' (or set SPARK_THRIFT_PORT)" >&2
  exit 1
fi
# -n: Spark runs every query as the endpoint's own user; the name only labels the session in the Spark UI
exec "$JAVA" -Xmx256m -cp "$(cat "$BEELINE_CLASSPATH")" org.apache.hive.beeline.BeeLine \
  -u "$URL" -n "${USER:-beeline}" "$@"
