#!/usr/bin/env bash
# Runs the SQL endpoint (Spark Thrift Server over the Iceberg catalog) in the foreground until SIGTERM; `make up`
# starts it in the background. Like every Spark job it runs from a copy of its jars (spark-job.sh), so a rebuild
# while it runs changes nothing under it. JDBC: jdbc:hive2://127.0.0.1:${SPARK_THRIFT_PORT:-10000}/default
exec "$(dirname "$0")/spark-job.sh" sql-endpoint dev.descheduler.sqlendpoint.SqlEndpoint "$@"
