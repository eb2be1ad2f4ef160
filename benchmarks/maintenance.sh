#!/usr/bin/env bash
# What Iceberg maintenance buys Silver's typical queries, on >= 1,000,000 Silver events (the real GH Archive sample
# replayed with shifted ids and days): data files and bytes scanned and time per query, as written, after binpack,
# sort and z-order, with a full scan as the ceiling in the same run; then the time and peak heap of every preset.
# Starts its own PostgreSQL and S3 server on free ports.
# Usage: benchmarks/maintenance.sh [RUNS=3]      (prints each layout; take the figures into docs/benchmarks.md)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
RUNS="${1:-3}"
cd "$ROOT"
mvn -B -ntp -q -pl maintenance-jobs test-compile
mvn -B -ntp -q -pl maintenance-jobs exec:exec -Dexec.classpathScope=test -Dexec.executable=java \
  -Dexec.args="-Xmx3g $(java -cp "$(cat maintenance-jobs/target/classpath/runtime.classpath)" dev.descheduler.lakehouse.JvmOptions) \
-Dgharchive.data.dir=$ROOT/../shared/data -classpath %classpath dev.descheduler.maintenance.MaintenanceBenchmark $RUNS" \
  2> >(grep -v -E '^[0-9:.]+ (INFO|WARN)' >&2)
